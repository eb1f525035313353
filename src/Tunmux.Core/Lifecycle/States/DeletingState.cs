namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// The tunnel is being removed; nothing brings it back (a tunnel declared again starts a new
/// lifecycle). While an observation still shows its parts, deletion is asked for again, so a
/// delete that failed halfway is finished on a later pass.
/// </summary>
public sealed record DeletingState(DateTimeOffset RequestedAt) : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.Deleting;

    public Cause Cause { get; } = new(LifecycleReasons.Deleting, "removing the tunnel");

    public DateTimeOffset? WakeAt => null;

    public Transition Next(TunnelEvent @event, LifecycleContext context) =>
        @event is TunnelEvent.Observed { Facts: { } facts } && (facts.NamespaceExists || facts.InterfaceExists || facts.WireGuardProcessAlive)
            ? Transition.To(this, new LifecycleAction.Delete())
            : Transition.Stay(this);
}
