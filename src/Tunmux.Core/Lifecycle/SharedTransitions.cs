using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Lifecycle;

/// <summary>Transitions that read the same in every live state, written once.</summary>
internal static class SharedTransitions
{
    /// <summary>A deletion or a new spec overrides whatever the tunnel was doing; null for any other event.</summary>
    public static Transition? ForSpecOrDelete(TunnelEvent @event) => @event switch
    {
        TunnelEvent.DeleteRequested deleted => Transition.To(new DeletingState(deleted.At), new LifecycleAction.Delete()),
        TunnelEvent.SpecChanged { InvalidReason: { } invalid } => Block(BlockedState.UntilSpecChanges(InvalidSpec(invalid))),
        TunnelEvent.SpecChanged => Transition.To(ConnectingState.Building(0, 0), new LifecycleAction.Rebuild(0, "the spec changed")),
        _ => null,
    };

    public static Cause InvalidSpec(string reason) => new(LifecycleReasons.InvalidSpec, $"the spec is invalid: {reason}");

    public static Transition Block(BlockedState blocked) => Transition.To(blocked, new LifecycleAction.MarkBlocked(blocked.Cause));

    /// <summary>Parts of the tunnel are gone; no reconnect brings them back, so build it again.</summary>
    public static Transition Rebuild(int peerIndex, Cause broken) =>
        Transition.To(ConnectingState.Building(peerIndex, 0), new LifecycleAction.Rebuild(peerIndex, broken.Message));

    /// <summary>
    /// Take the next rung of the recovery ladder: reconnect, or fail over once the peer has had its
    /// reconnects. <paramref name="unhealthySince"/> carries over so status says how long it has been.
    /// </summary>
    public static Transition Escalate(
        RecoveryLadder ladder, Cause problem, DateTimeOffset unhealthySince, DateTimeOffset now, LifecycleContext context)
    {
        var (next, action) = ladder.Climb(context.Policy.ReconnectsBeforeFailover, context.PeerCount);
        if (action is LifecycleAction.FailOver && context.Server is { } server)
        {
            // A provider tunnel's one peer is its server: failing over means another server.
            return Transition.To(ChangingServerState.Asking(next, server, unhealthySince, problem), new LifecycleAction.ChangeServer(server));
        }

        var window = HandshakeWindow.Starting(now, context.Policy.HandshakeGrace);
        ITunnelState state = action is LifecycleAction.FailOver failOver
            ? new FailingOverState(next, failOver.FromPeerIndex, window, unhealthySince, problem)
            : new ReconnectingState(next, window, unhealthySince, problem);
        return Transition.To(state, action);
    }

    /// <summary>A build failed: retry it with backoff when the cause is transient, else block until the spec changes.</summary>
    public static Transition BuildFailed(TunnelEvent.BuildFailed failed, int peerIndex, int failuresBefore, LifecycleContext context)
    {
        var cause = new Cause(LifecycleReasons.BuildFailed, $"the build failed: {failed.Reason}");
        return failed.Transient
            ? RetryLater(cause, peerIndex, failuresBefore, failed.At, context)
            : Block(BlockedState.UntilSpecChanges(cause));
    }

    /// <summary>Hold the exit closed and build again once the backoff for one more failure has passed.</summary>
    public static Transition RetryLater(Cause cause, int peerIndex, int failuresBefore, DateTimeOffset now, LifecycleContext context)
    {
        var failures = failuresBefore + 1;
        var retryAt = context.Policy.BuildBackoff.NextRetryAt(failures, now);
        return Block(BlockedState.Retrying(cause, peerIndex, failures, retryAt));
    }

    /// <summary>
    /// The shared judgement of a recovery attempt (a reconnect or a failover): a recent handshake or
    /// a passing probe ends it, missing parts mean a rebuild, and when the grace period runs out
    /// without either the ladder climbs one more rung. An attempt that repairs a failed probe
    /// (<paramref name="problem"/>) ends only with a passing probe: the handshake was fresh all
    /// along, so it proves nothing about the path the probe found broken.
    /// </summary>
    public static Transition JudgeAttempt(
        ITunnelState self, RecoveryLadder ladder, HandshakeWindow window, DateTimeOffset unhealthySince, Cause problem,
        TunnelEvent @event, LifecycleContext context)
    {
        var awaitsProbe = problem.Reason == LifecycleReasons.ProbeFailed;
        switch (@event)
        {
            case TunnelEvent.Observed observed:
                var verdict = TunnelHealth.Assess(observed.Facts, observed.At, context.Policy.HandshakeMaxAge, window);
                return verdict.Status switch
                {
                    HealthStatus.Broken => Rebuild(ladder.PeerIndex, verdict.Cause),
                    HealthStatus.Healthy or HealthStatus.Waiting when awaitsProbe => window.IsOpenAt(observed.At)
                        ? Transition.Stay(self)
                        : Escalate(ladder, problem, unhealthySince, observed.At, context),
                    HealthStatus.Healthy => Transition.To(new ConnectedState(ladder, observed.At)),
                    HealthStatus.Unhealthy => Escalate(ladder, verdict.Cause, unhealthySince, observed.At, context),
                    _ => Transition.Stay(self),
                };
            case TunnelEvent.ProbeResult { Ok: true } passed:
                return Transition.To(new ConnectedState(ladder, passed.At));
            case TunnelEvent.Tick tick when !window.IsOpenAt(tick.At):
                // Without a passing probe the probe's failure still stands, and is still the reason.
                var silent = awaitsProbe
                    ? problem
                    : new Cause(LifecycleReasons.NoHandshake, $"no recent handshake within {TunnelHealth.Seconds(window.Length)} s");
                return Escalate(ladder, silent, unhealthySince, tick.At, context);
            default:
                return Transition.Stay(self);
        }
    }
}
