namespace Tunmux.Proxy.Connections;

/// <summary>Counts open connections against the limit and lets the server wait for them to finish.</summary>
internal sealed class ConnectionTracker(int limit)
{
    private readonly Lock _lock = new();
    private int _active;
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

    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_active >= limit)
            {
                return false;
            }

            _active++;
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
