using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// The run loop's one call per event. It asks the current state for its transition and notes a
/// history entry when the tunnel's phase or cause changed. The caller keeps the state, runs the
/// actions, and feeds their outcomes back in as events.
/// </summary>
public static class TunnelLifecycle
{
    /// <summary>Where every declared tunnel starts.</summary>
    public static ITunnelState Initial { get; } = new PendingState();

    public static LifecycleStep Apply(ITunnelState state, TunnelEvent @event, LifecycleContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(context);
        var transition = state.Next(@event, context);
        var next = transition.Next;
        var changed = next.Phase != state.Phase || next.Cause != state.Cause;
        var recorded = changed ? new EventHistoryEntry(@event.At, TypeOf(next.Phase), next.Cause.Reason, next.Cause.Message) : null;
        return new LifecycleStep(next, transition.Actions, recorded);
    }

    /// <summary>True for the phases in which the tunnel does not carry traffic because something is wrong.</summary>
    public static bool IsTrouble(TunnelPhase phase) =>
        phase is TunnelPhase.Degraded or TunnelPhase.Reconnecting or TunnelPhase.FailingOver or TunnelPhase.Blocked;

    private static HistoryEventType TypeOf(TunnelPhase phase) => IsTrouble(phase) ? HistoryEventType.Warning : HistoryEventType.Normal;
}
