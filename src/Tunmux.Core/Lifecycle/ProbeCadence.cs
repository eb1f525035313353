using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Model;

namespace Tunmux.Core.Lifecycle;

/// <summary>When a tunnel is probed: at its interval while healthy, more often while it recovers, not at all while it is not built.</summary>
public static class ProbeCadence
{
    /// <summary>
    /// While a tunnel is degraded or recovering, a probe comes at least this often after the last
    /// one ended, so a recovery is seen within seconds rather than at the next interval (a recovery
    /// attempt judged by probes has only its grace period to see one pass).
    /// </summary>
    public static readonly TimeSpan WhileRecovering = TimeSpan.FromSeconds(2);

    /// <summary>The time from the end of one probe to the start of the next; null while the tunnel is not there to probe.</summary>
    public static TimeSpan? Delay(ITunnelState state, ProbeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        return state switch
        {
            ConnectedState => settings.Interval,
            ConnectingState { Window: not null } or DegradedState or ReconnectingState or FailingOverState =>
                settings.Interval < WhileRecovering ? settings.Interval : WhileRecovering,
            // Pending, building, blocked or deleting: there is no tunnel to probe through.
            _ => null,
        };
    }

    /// <summary>True when a passing probe is news to the lifecycle: in every state but Connected.</summary>
    public static bool PassesMatter(ITunnelState state) => state is not ConnectedState;
}
