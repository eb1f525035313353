namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// A build is under way (<see cref="Window"/> is null), or it succeeded and the tunnel has a grace
/// period to show a recent handshake. <see cref="BuildFailures"/> counts consecutive failed builds
/// for the backoff; it survives a retry and is forgotten once the tunnel connects.
/// </summary>
public sealed record ConnectingState(int PeerIndex, int BuildFailures, HandshakeWindow? Window) : ITunnelState
{
    public static ConnectingState Building(int peerIndex, int buildFailures) => new(peerIndex, buildFailures, null);

    public TunnelPhase Phase => TunnelPhase.Connecting;

    public Cause Cause => Window is null
        ? new Cause(LifecycleReasons.Building, $"building the tunnel with peer {PeerIndex + 1}")
        : new Cause(LifecycleReasons.AwaitingHandshake,
            $"built; waiting up to {TunnelHealth.Seconds(Window.Length)} s for a handshake with peer {PeerIndex + 1}");

    public DateTimeOffset? WakeAt => Window?.Deadline;

    public Transition Next(TunnelEvent @event, LifecycleContext context)
    {
        if (SharedTransitions.ForSpecOrDelete(@event) is { } overridden)
        {
            return overridden;
        }

        return (@event, Window) switch
        {
            (TunnelEvent.BuildSucceeded built, null) =>
                Transition.To(this with { Window = HandshakeWindow.Starting(built.At, context.Policy.HandshakeGrace) }),
            (TunnelEvent.BuildFailed failed, null) => SharedTransitions.BuildFailed(failed, PeerIndex, BuildFailures, context),
            (TunnelEvent.Observed observed, { } window) => Judge(observed, window, context),
            (TunnelEvent.ProbeResult { Ok: true } passed, not null) =>
                Transition.To(new ConnectedState(RecoveryLadder.StartAt(PeerIndex), passed.At)),
            (TunnelEvent.Tick tick, { } window) when !window.IsOpenAt(tick.At) => SharedTransitions.Escalate(
                RecoveryLadder.StartAt(PeerIndex),
                new Cause(LifecycleReasons.NoHandshake, $"no handshake within {TunnelHealth.Seconds(window.Length)} s of the build"),
                window.Deadline, tick.At, context),
            _ => Transition.Stay(this),
        };
    }

    private Transition Judge(TunnelEvent.Observed observed, HandshakeWindow window, LifecycleContext context)
    {
        var verdict = TunnelHealth.Assess(observed.Facts, observed.At, context.Policy.HandshakeMaxAge, window);
        return verdict.Status switch
        {
            HealthStatus.Healthy => Transition.To(new ConnectedState(RecoveryLadder.StartAt(PeerIndex), observed.At)),
            // Broken straight after a successful build: count it as a failed build, so that a
            // build that never holds is retried with backoff rather than on every pass.
            HealthStatus.Broken => SharedTransitions.RetryLater(
                new Cause(LifecycleReasons.BuildFailed, $"broken right after the build: {verdict.Cause.Message}"), PeerIndex, BuildFailures, observed.At, context),
            HealthStatus.Unhealthy => SharedTransitions.Escalate(
                RecoveryLadder.StartAt(PeerIndex), verdict.Cause, window.Deadline, observed.At, context),
            _ => Transition.Stay(this),
        };
    }
}
