namespace Tunmux.Proxy.Relay;

/// <summary>
/// Ends the tunnels of one relay that were idle too long, and all of them when their server aborts:
/// one timer and one cancellation registration per abort token for every tunnel, instead of a timer
/// and linked cancellation sources per tunnel (which were most of an idle tunnel's memory). Tunnels
/// touch a timestamp as bytes move; the timer compares, several times per idle period, so an idle
/// tunnel ends at most an eighth of the period late (and at most 30 s late for long periods).
/// </summary>
internal sealed class TunnelSweeper : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CancellationToken, CancellationTokenRegistration> _abortWatches = [];
    private Tunnel? _first;
    private Timer? _timer;
    private long _periodMilliseconds = long.MaxValue;
    private bool _disposed;

    public int Count { get; private set; }

    public void Add(Tunnel tunnel)
    {
        var token = tunnel.Aborted;
        lock (_lock)
        {
            tunnel.Next = _first;
            if (_first is not null)
            {
                _first.Previous = tunnel;
            }

            _first = tunnel;
            Count++;
            EnsurePeriodLocked(tunnel.IdleTimeout);
            if (token.CanBeCanceled && !_disposed && !_abortWatches.ContainsKey(token))
            {
                _abortWatches[token] = token.UnsafeRegister(static (state, aborted) => ((TunnelSweeper)state!).StopAll(aborted), this);
            }
        }

        if (token.IsCancellationRequested)
        {
            tunnel.Stop(RelayOutcome.Aborted);
        }
    }

    public void Remove(Tunnel tunnel)
    {
        lock (_lock)
        {
            if (tunnel.Previous is null && _first != tunnel)
            {
                return; // not (or no longer) in the list
            }

            if (tunnel.Previous is null)
            {
                _first = tunnel.Next;
            }
            else
            {
                tunnel.Previous.Next = tunnel.Next;
            }

            if (tunnel.Next is not null)
            {
                tunnel.Next.Previous = tunnel.Previous;
            }

            tunnel.Previous = tunnel.Next = null;
            Count--;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            foreach (var registration in _abortWatches.Values)
            {
                registration.Dispose();
            }

            _abortWatches.Clear();
        }
    }

    private void EnsurePeriodLocked(TimeSpan idleTimeout)
    {
        if (idleTimeout == Timeout.InfiniteTimeSpan || _disposed)
        {
            return;
        }

        var period = Math.Clamp((long)idleTimeout.TotalMilliseconds / 8, 10, 30_000);
        if (period >= _periodMilliseconds)
        {
            return;
        }

        _periodMilliseconds = period;
        if (_timer is null)
        {
            _timer = new Timer(static state => ((TunnelSweeper)state!).Sweep(), this, period, period);
        }
        else
        {
            _timer.Change(period, period);
        }
    }

    private void Sweep()
    {
        var now = Environment.TickCount64;
        var expired = Collect(tunnel => tunnel.IdleTimeout != Timeout.InfiniteTimeSpan
            && now - tunnel.LastActivity >= (long)tunnel.IdleTimeout.TotalMilliseconds);
        expired.ForEach(tunnel => tunnel.Stop(RelayOutcome.IdleTimeout));
    }

    private void StopAll(CancellationToken aborted) =>
        Collect(tunnel => tunnel.Aborted == aborted).ForEach(tunnel => tunnel.Stop(RelayOutcome.Aborted));

    /// <summary>Stopping happens outside the lock: a stopped tunnel may complete, and its caller run, inline.</summary>
    private List<Tunnel> Collect(Func<Tunnel, bool> wanted)
    {
        var found = new List<Tunnel>();
        lock (_lock)
        {
            for (var tunnel = _first; tunnel is not null; tunnel = tunnel.Next)
            {
                if (wanted(tunnel))
                {
                    found.Add(tunnel);
                }
            }
        }

        return found;
    }
}
