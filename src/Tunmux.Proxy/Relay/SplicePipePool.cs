namespace Tunmux.Proxy.Relay;

/// <summary>
/// Empty splice pipes kept for reuse. A relay direction holds a pipe only while bytes are moving,
/// so an idle connection costs its two sockets and no pipe (not four more descriptors and two
/// kernel pipes), and a new connection usually creates no pipe at all. Only pipes known to be
/// empty come back; a pipe abandoned mid-transfer is closed instead.
/// </summary>
internal sealed class SplicePipePool(int capacity, int pipeBytes = 64 * 1024) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<SplicePipe> _idle = new(capacity);
    private int _inUse;
    private bool _disposed;

    /// <summary>Pipes handed out and not yet given back: zero when every connection is quiet.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    public SplicePipe Rent()
    {
        Interlocked.Increment(ref _inUse);
        lock (_lock)
        {
            if (_idle.TryPop(out var pooled))
            {
                return pooled;
            }
        }

        try
        {
            return SplicePipe.Create(pipeBytes);
        }
        catch
        {
            Interlocked.Decrement(ref _inUse);
            throw;
        }
    }

    /// <summary>Takes back a pipe that holds no bytes.</summary>
    public void Return(SplicePipe pipe)
    {
        Interlocked.Decrement(ref _inUse);
        lock (_lock)
        {
            if (!_disposed && _idle.Count < capacity)
            {
                _idle.Push(pipe);
                return;
            }
        }

        pipe.Dispose();
    }

    /// <summary>Closes a pipe that may still hold bytes (its transfer failed).</summary>
    public void Discard(SplicePipe pipe)
    {
        Interlocked.Decrement(ref _inUse);
        pipe.Dispose();
    }

    /// <summary>Closes the pooled pipes; pipes returned later are closed too.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var pipe))
            {
                pipe.Dispose();
            }
        }
    }
}
