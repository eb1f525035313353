namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// A reconnect to the same peer was asked for at <see cref="HandshakeWindow.Since"/>; the tunnel
/// stays closed until a recent handshake shows, and the ladder climbs if none does in time.
/// </summary>
public sealed record ReconnectingState(RecoveryLadder Ladder, HandshakeWindow Window, DateTimeOffset UnhealthySince, Cause Problem)
    : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.Reconnecting;

    public Cause Cause => new(
        LifecycleReasons.Reconnecting,
        $"reconnect {Ladder.Reconnects} to peer {Ladder.PeerIndex + 1}, because {Problem.Message}");

    public DateTimeOffset? WakeAt => Window.Deadline;

    public Transition Next(TunnelEvent @event, LifecycleContext context) =>
        SharedTransitions.ForSpecOrDelete(@event)
        ?? SharedTransitions.JudgeAttempt(this, Ladder, Window, UnhealthySince, Problem, @event, context);
}
