namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// Peer <see cref="FromPeerIndex"/> had its reconnects and the tunnel moved to peer
/// <see cref="RecoveryLadder.PeerIndex"/>; it stays closed until that peer shows a recent
/// handshake, and the ladder goes on (reconnects to the new peer) if none does in time.
/// </summary>
public sealed record FailingOverState(
    RecoveryLadder Ladder, int FromPeerIndex, HandshakeWindow Window, DateTimeOffset UnhealthySince, Cause Problem)
    : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.FailingOver;

    public Cause Cause => new(
        LifecycleReasons.FailingOver,
        $"failing over from peer {FromPeerIndex + 1} to peer {Ladder.PeerIndex + 1}, because {Problem.Message}");

    public DateTimeOffset? WakeAt => Window.Deadline;

    public Transition Next(TunnelEvent @event, LifecycleContext context) =>
        SharedTransitions.ForSpecOrDelete(@event)
        ?? SharedTransitions.JudgeAttempt(this, Ladder, Window, UnhealthySince, Problem, @event, context);
}
