namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// Was connected, and a health signal went bad at <see cref="Since"/>. The tunnel keeps its one
/// route (fail-closed, nothing leaks) while the problem is confirmed: if the signals clear before
/// <see cref="ConfirmAt"/> it is connected again, otherwise recovery starts.
/// </summary>
public sealed record DegradedState(RecoveryLadder Ladder, DateTimeOffset Since, HealthSignals Signals, DateTimeOffset ConfirmAt)
    : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.Degraded;

    public Cause Cause => Signals.Worst ?? new Cause(LifecycleReasons.Connected, "recovering");

    public DateTimeOffset? WakeAt => ConfirmAt;

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
                if (verdict.Status == HealthStatus.Broken)
                {
                    return SharedTransitions.Rebuild(Ladder.PeerIndex, verdict.Cause);
                }

                var handshake = verdict.Status == HealthStatus.Healthy ? null : verdict.Cause;
                return Decide(Signals with { Handshake = handshake }, observed.At, context);
            case TunnelEvent.ProbeResult probe:
                var failure = probe.Ok
                    ? null
                    : new Cause(LifecycleReasons.ProbeFailed, $"the active probe failed: {probe.Detail ?? "no detail"}");
                return Decide(Signals with { Probe = failure }, probe.At, context);
            case TunnelEvent.Tick tick:
                return Decide(Signals, tick.At, context);
            default:
                return Transition.Stay(this);
        }
    }

    private Transition Decide(HealthSignals signals, DateTimeOffset now, LifecycleContext context)
    {
        if (signals.AllClear)
        {
            return Transition.To(new ConnectedState(Ladder, now));
        }

        return now >= ConfirmAt
            ? SharedTransitions.Escalate(Ladder, signals.Worst!, Since, now, context)
            : Transition.Stay(this with { Signals = signals });
    }
}
