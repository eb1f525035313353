using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>
/// Drives one tunnel through <see cref="TunnelLifecycle.Apply"/> on a fake clock, the way the
/// daemon's loop will: set the time, send an event, look at the actions and the state.
/// </summary>
internal sealed class Scenario(LifecycleContext context)
{
    public ITunnelState State { get; private set; } = TunnelLifecycle.Initial;

    public EventHistory History { get; private set; } = EventHistory.Empty(100);

    public DateTimeOffset Now { get; private set; } = Clock.Origin;

    public LifecycleContext Context { get; set; } = context;

    public Scenario At(double seconds)
    {
        var next = Clock.T(seconds);
        next.Should().BeOnOrAfter(Now, "a scenario's clock only moves forward");
        Now = next;
        return this;
    }

    public IReadOnlyList<LifecycleAction> Send(TunnelEvent @event)
    {
        var step = TunnelLifecycle.Apply(State, @event, Context);
        State = step.State;
        History = History.Add(step.Recorded);
        return step.Actions;
    }

    public IReadOnlyList<LifecycleAction> Observe(TunnelFacts facts) => Send(new TunnelEvent.Observed(facts, Now));

    public IReadOnlyList<LifecycleAction> Tick() => Send(new TunnelEvent.Tick(Now));

    public IReadOnlyList<LifecycleAction> Declare(string? invalidReason = null) => Send(new TunnelEvent.SpecChanged(invalidReason, Now));

    public IReadOnlyList<LifecycleAction> BuildSucceeds() => Send(new TunnelEvent.BuildSucceeded(Now));

    public IReadOnlyList<LifecycleAction> BuildFails(string reason, bool transient) => Send(new TunnelEvent.BuildFailed(reason, transient, Now));

    public IReadOnlyList<LifecycleAction> Probe(bool ok, string? detail = null) => Send(new TunnelEvent.ProbeResult(ok, detail, Now));

    /// <summary>Declares the tunnel at the current time, builds it and sees its first handshake: Connected on peer 1.</summary>
    public Scenario Connect()
    {
        Declare();
        BuildSucceeds();
        Observe(Facts.Up(Now));
        State.Phase.Should().Be(TunnelPhase.Connected);
        return this;
    }
}
