using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// When the run loop should look at a tunnel again without an outside trigger: at the state's own
/// deadline, at the moment the latest handshake turns stale, and often while a handshake is
/// awaited (so a recovery is seen within a second, not at the end of its grace period).
/// </summary>
public static class HealthSchedule
{
    /// <summary>A look just after the handshake turns stale, not just before it.</summary>
    public static readonly TimeSpan StaleMargin = TimeSpan.FromMilliseconds(250);

    public static DateTimeOffset? Next(ITunnelState state, TunnelFacts? facts, LifecyclePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var due = new List<DateTimeOffset>();
        if (state.WakeAt is { } wake)
        {
            due.Add(wake);
        }

        switch (state)
        {
            case ConnectedState when facts?.LatestHandshake is { } handshake:
                due.Add(handshake + policy.HandshakeMaxAge + StaleMargin);
                break;
            case ConnectingState { Window: not null } or ReconnectingState or FailingOverState or ChangingServerState { Window: not null } or DegradedState:
                due.Add(now + WhileWaiting(policy));
                break;
        }

        return due.Count == 0 ? null : due.Min();
    }

    /// <summary>A fifth of the grace period, between 100 ms and 1 s.</summary>
    public static TimeSpan WhileWaiting(LifecyclePolicy policy) =>
        TimeSpan.FromTicks(Math.Clamp(policy.HandshakeGrace.Ticks / 5, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
}
