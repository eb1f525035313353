using Tunmux.Core.Lifecycle.History;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// The outcome of one event: the new state, the actions to run, and the history entry to keep
/// when the state or its cause changed (null otherwise).
/// </summary>
public sealed record LifecycleStep(ITunnelState State, IReadOnlyList<LifecycleAction> Actions, EventHistoryEntry? Recorded)
{
    /// <summary>When to wake the tunnel up next without an outside trigger; see <see cref="ITunnelState.WakeAt"/>.</summary>
    public DateTimeOffset? WakeAt => State.WakeAt;

    public void Deconstruct(out ITunnelState state, out IReadOnlyList<LifecycleAction> actions)
    {
        state = State;
        actions = Actions;
    }
}
