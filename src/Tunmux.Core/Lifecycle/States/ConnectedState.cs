namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// Healthy: a recent handshake (or a passing probe) on peer <see cref="RecoveryLadder.PeerIndex"/>.
/// <see cref="Ladder"/> remembers how recovery got here, until the tunnel has been connected for
/// <see cref="LifecyclePolicy.StableAfter"/>.
/// </summary>
public sealed record ConnectedState(RecoveryLadder Ladder, DateTimeOffset Since) : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.Connected;

    public Cause Cause => new(LifecycleReasons.Connected, $"connected through peer {Ladder.PeerIndex + 1}");

    public DateTimeOffset? WakeAt => null;

    public Transition Next(TunnelEvent @event, LifecycleContext context)
    {
        if (SharedTransitions.ForSpecOrDelete(@event) is { } overridden)
        {
            return overridden;
        }

        switch (@event)
        {
            case TunnelEvent.Observed observed:
                var verdict = TunnelHealth.Assess(observed.Facts, observed.At, context.Policy.HandshakeMaxAge, window: null);
                return verdict.Status switch
                {
                    HealthStatus.Broken => SharedTransitions.Rebuild(Ladder.PeerIndex, verdict.Cause),
                    HealthStatus.Unhealthy => Degrade(new HealthSignals(verdict.Cause, null), observed.At, context),
                    _ => Transition.Stay(this),
                };
            case TunnelEvent.ProbeResult { Ok: false } failed:
                var probe = new Cause(LifecycleReasons.ProbeFailed, $"the active probe failed: {failed.Detail ?? "no detail"}");
                return Degrade(new HealthSignals(null, probe), failed.At, context);
            default:
                return Transition.Stay(this);
        }
    }

    private Transition Degrade(HealthSignals signals, DateTimeOffset now, LifecycleContext context)
    {
        var ladder = now - Since >= context.Policy.StableAfter ? RecoveryLadder.StartAt(Ladder.PeerIndex) : Ladder;
        return context.Policy.DegradedConfirmation <= TimeSpan.Zero
            ? SharedTransitions.Escalate(ladder, signals.Worst!, now, now, context)
            : Transition.To(new DegradedState(ladder, now, signals, now + context.Policy.DegradedConfirmation));
    }
}
