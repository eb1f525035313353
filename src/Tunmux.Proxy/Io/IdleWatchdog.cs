namespace Tunmux.Proxy.Io;

/// <summary>
/// Cancels <see cref="Token"/> once nothing has called <see cref="Touch"/> for the idle period.
/// Touching is a single memory write, cheap enough for every chunk a relay moves; a timer
/// checks several times per period instead of re-arming on every chunk.
/// </summary>
internal sealed class IdleWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Timer? _timer;
    private readonly long _idleMilliseconds;
    private long _lastActivity;
    private volatile bool _expired;

    public IdleWatchdog(TimeSpan idle, CancellationToken parent)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(parent);
        _lastActivity = Environment.TickCount64;
        if (idle == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _idleMilliseconds = Math.Max(1, (long)idle.TotalMilliseconds);
        // Checking eight times per period bounds the overshoot to an eighth, and 30 s keeps a
        // five-minute timeout from waking every connection every second.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_idleMilliseconds / 8, 10, 30_000));
        _timer = new Timer(static state => ((IdleWatchdog)state!).Check(), this, period, period);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>True when the idle period, not the parent token, ended things.</summary>
    public bool Expired => _expired;

    public void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    public void Dispose()
    {
        _timer?.Dispose();
        _cts.Dispose();
    }

    private void Check()
    {
        if (_expired || Environment.TickCount64 - Volatile.Read(ref _lastActivity) < _idleMilliseconds)
        {
            return;
        }

        _expired = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the cancel: the work is already over.
        }
    }
}
