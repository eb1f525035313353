using Tunmux.Core.Lifecycle;

namespace Tunmux.Runtime.Status;

/// <summary>
/// A lifecycle state read off one observation, for status without a daemon. It exists only to be
/// shown (its conditions are derived the same way as the controller's); nothing drives it.
/// </summary>
internal sealed record SnapshotState(TunnelPhase Phase, Cause Cause) : ITunnelState
{
    public DateTimeOffset? WakeAt => null;

    public Transition Next(TunnelEvent @event, LifecycleContext context) => Transition.Stay(this);
}
