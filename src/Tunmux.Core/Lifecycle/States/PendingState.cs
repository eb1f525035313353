namespace Tunmux.Core.Lifecycle.States;

/// <summary>Declared but not built yet. The first event that is not a deletion or an invalid spec starts the build.</summary>
public sealed record PendingState : ITunnelState
{
    public TunnelPhase Phase => TunnelPhase.Pending;

    public Cause Cause { get; } = new(LifecycleReasons.Pending, "waiting to build the tunnel");

    public DateTimeOffset? WakeAt => null;

    public Transition Next(TunnelEvent @event, LifecycleContext context) => @event switch
    {
        TunnelEvent.DeleteRequested or TunnelEvent.SpecChanged { InvalidReason: not null } =>
            SharedTransitions.ForSpecOrDelete(@event)!,
        TunnelEvent.SpecChanged or TunnelEvent.Tick or TunnelEvent.Observed =>
            Transition.To(ConnectingState.Building(0, 0), new LifecycleAction.Build(0)),
        _ => Transition.Stay(this),
    };
}
