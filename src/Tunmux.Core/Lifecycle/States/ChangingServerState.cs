using Tunmux.Core.Providers;

namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// A provider tunnel's server <see cref="From"/> had its reconnects, so the tunnel fails over to
/// another server, in three steps: <see cref="From"/> is marked unhealthy and the tunnel resolved
/// again (<see cref="To"/> is null until the provider answers); the tunnel is rebuilt on the new
/// server <see cref="To"/> (<see cref="Window"/> is null until the build is done); then it has a
/// grace period to show a handshake, and the ladder goes on (reconnects to the new server) if none
/// does in time. The exit stays closed throughout: its namespace has no route but the tunnel.
/// </summary>
public sealed record ChangingServerState(
    RecoveryLadder Ladder, string From, string? To, HandshakeWindow? Window, DateTimeOffset UnhealthySince, Cause Problem)
    : ITunnelState
{
    /// <summary>Entered when the ladder reaches the failover rung: the next server is still to be asked for.</summary>
    public static ChangingServerState Asking(RecoveryLadder ladder, string from, DateTimeOffset unhealthySince, Cause problem) =>
        new(ladder, from, null, null, unhealthySince, problem);

    public TunnelPhase Phase => TunnelPhase.FailingOver;

    public Cause Cause => new(LifecycleReasons.FailingOver, To switch
    {
        null => $"failing over from server {From}: looking for the next server that matches the selector, because {Problem.Message}",
        _ when ServerAvoidance.SameServer(To, From) =>
            $"failing over from server {From}: no other server matches the selector, so reconnecting to it, because {Problem.Message}",
        _ => $"failing over from server {From} to server {To}, because {Problem.Message}",
    });

    public DateTimeOffset? WakeAt => Window?.Deadline;

    /// <summary>True while the rebuild on the new server was asked for and its outcome is awaited.</summary>
    public bool AwaitsBuild => To is not null && Window is null;

    public Transition Next(TunnelEvent @event, LifecycleContext context)
    {
        if (SharedTransitions.ForSpecOrDelete(@event) is { } overridden)
        {
            return overridden;
        }

        if (Window is { } window)
        {
            return SharedTransitions.JudgeAttempt(this, Ladder, window, UnhealthySince, Problem, @event, context);
        }

        return (@event, To) switch
        {
            (TunnelEvent.ServerResolved resolved, null) => Resolved(resolved, context),
            (TunnelEvent.BuildSucceeded built, not null) =>
                Transition.To(this with { Window = HandshakeWindow.Starting(built.At, context.Policy.HandshakeGrace) }),
            (TunnelEvent.BuildFailed failed, not null) => SharedTransitions.BuildFailed(failed, Ladder.PeerIndex, 0, context),
            _ => Transition.Stay(this),
        };
    }

    private Transition Resolved(TunnelEvent.ServerResolved resolved, LifecycleContext context)
    {
        var peer = Ladder.PeerIndex;
        if (resolved.Server is null || ServerAvoidance.SameServer(resolved.Server, From))
        {
            // Nothing else to go to: reset the session with this server in place, as a failover
            // between the peers of a one-peer tunnel does, and let the ladder go on.
            var window = HandshakeWindow.Starting(resolved.At, context.Policy.HandshakeGrace);
            return Transition.To(this with { To = From, Window = window }, new LifecycleAction.FailOver(peer, peer));
        }

        var moving = this with { To = resolved.Server };
        return Transition.To(moving, new LifecycleAction.Rebuild(peer, moving.Cause.Message));
    }
}
