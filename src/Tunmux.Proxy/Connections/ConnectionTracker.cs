namespace Tunmux.Proxy.Connections;

/// <summary>
/// Counts open connections against the limit, and all connections ever admitted, and lets the
/// server wait for them to finish. The total rides on the lock the limit already takes, so
/// counting it costs a connection nothing more.
/// </summary>
internal sealed class ConnectionTracker(int limit)
{
    private readonly Lock _lock = new();
    private int _active;
    private long _total;
    private TaskCompletionSource? _idle;

    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>
    /// Open connections and connections admitted since start (refused ones over the limit are not
    /// counted), read together so active never exceeds what the total says was admitted.
    /// </summary>
    public (int Active, long Total) Read()
    {
        lock (_lock)
        {
            return (_active, _total);
        }
    }

    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_active >= limit)
            {
                return false;
            }

            _active++;
            _total++;
            return true;
        }
    }

    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _active--;
            if (_active == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Completes when no connection is open.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_active == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }
}
