using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// One relayed connection: two <see cref="TunnelDirection"/>s (client to target and back) under one
/// outcome. Made for many quiet connections: a waiting direction holds no buffer, pipe, task or
/// thread, only its socket's pending zero-byte receive; idle timeouts and the server's abort come
/// from a <see cref="TunnelSweeper"/> shared by all tunnels instead of a timer and linked
/// cancellation sources each (measured: the managed heap per idle tunnel went from about 6 KiB to
/// under 2 KiB, see bench/README.md).
/// <para>
/// The tunnel completes when both directions have ended, or, once it is stopping (idle, abort, or
/// an error in one direction), as soon as no direction is running: a direction parked on a socket
/// wait is left to be woken by the sockets' disposal, which the caller does next. It never waits
/// for a parked direction, so an error in one direction is never turned into a clean close by
/// shutting the other side down.
/// </para>
/// </summary>
internal sealed class Tunnel : IValueTaskSource<RelayResult>
{
    private readonly Lock _lock = new();
    private readonly TunnelSweeper _sweeper;
    private ManualResetValueTaskSourceCore<RelayResult> _completion;
    private RelayOutcome? _stopping;
    private volatile bool _isStopping;
    private bool _completed;
    private long _lastActivity = Environment.TickCount64;

    public Tunnel(Socket client, Socket target, TunnelTransfer transfer, TunnelSweeper sweeper, TimeSpan idleTimeout, CancellationToken aborted)
    {
        _sweeper = sweeper;
        IdleTimeout = idleTimeout;
        Aborted = aborted;
        Up = new TunnelDirection(this, client, target, transfer);
        Down = new TunnelDirection(this, target, client, transfer);
    }

    public TunnelDirection Up { get; }

    public TunnelDirection Down { get; }

    public TimeSpan IdleTimeout { get; }

    public CancellationToken Aborted { get; }

    /// <summary>Neighbours in the sweeper's list; only the sweeper touches them, under its lock.</summary>
    internal Tunnel? Previous { get; set; }

    internal Tunnel? Next { get; set; }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>True once an outcome other than a clean end is decided; directions stop at their next step.</summary>
    public bool IsStopping => _isStopping;

    public ValueTask<RelayResult> RunAsync()
    {
        _sweeper.Add(this);
        Up.Start();
        Down.Start();
        return new ValueTask<RelayResult>(this, _completion.Version);
    }

    /// <summary>A single memory write, cheap enough for every chunk; the sweeper compares it with the clock.</summary>
    public void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>Ends the tunnel with <paramref name="outcome"/> unless an outcome was already decided.</summary>
    public void Stop(RelayOutcome outcome)
    {
        bool complete;
        lock (_lock)
        {
            _stopping ??= outcome;
            _isStopping = true;
            complete = ShouldCompleteLocked();
        }

        Complete(complete);
    }

    /// <summary>The direction is about to wait on a socket operation (and holds no descriptor reference).</summary>
    internal void Parked(TunnelDirection direction)
    {
        bool complete;
        lock (_lock)
        {
            direction.Phase = DirectionPhase.Waiting;
            complete = ShouldCompleteLocked();
        }

        Complete(complete);
    }

    /// <summary>The direction's wait is over: true to carry on, false when the tunnel is stopping.</summary>
    internal bool Resumed(TunnelDirection direction)
    {
        lock (_lock)
        {
            if (_stopping is not null)
            {
                return false;
            }

            direction.Phase = DirectionPhase.Running;
            return true;
        }
    }

    /// <summary>True when the direction opposite <paramref name="direction"/> has ended (its source sent everything).</summary>
    internal bool OtherDirectionDone(TunnelDirection direction)
    {
        lock (_lock)
        {
            return (ReferenceEquals(direction, Up) ? Down : Up).Phase == DirectionPhase.Done;
        }
    }

    /// <summary>The direction is over: its source ended (<paramref name="failure"/> null) or it failed.</summary>
    internal void Finished(TunnelDirection direction, RelayOutcome? failure)
    {
        bool complete;
        lock (_lock)
        {
            direction.Phase = DirectionPhase.Done;
            if (failure is { } outcome)
            {
                _stopping ??= outcome;
                _isStopping = true;
            }

            complete = ShouldCompleteLocked();
        }

        Complete(complete);
    }

    private bool ShouldCompleteLocked()
    {
        if (_completed)
        {
            return false;
        }

        var bothDone = Up.Phase == DirectionPhase.Done && Down.Phase == DirectionPhase.Done;
        var noneRunning = Up.Phase != DirectionPhase.Running && Down.Phase != DirectionPhase.Running;
        _completed = bothDone || (_stopping is not null && noneRunning);
        return _completed;
    }

    /// <summary>Outside the lock: the awaiting caller may run inline and dispose the sockets.</summary>
    private void Complete(bool complete)
    {
        if (!complete)
        {
            return;
        }

        _sweeper.Remove(this);
        RelayOutcome outcome;
        lock (_lock)
        {
            outcome = _stopping ?? RelayOutcome.Completed;
        }

        _completion.SetResult(new RelayResult(Up.Moved, Down.Moved, outcome));
    }

    RelayResult IValueTaskSource<RelayResult>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<RelayResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<RelayResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
