using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class PendingStateTests
{
    public static TheoryData<TunnelEvent> StartingEvents => new()
    {
        new TunnelEvent.SpecChanged(null, Clock.T(0)),
        new TunnelEvent.Tick(Clock.T(0)),
        new TunnelEvent.Observed(Facts.Gone, Clock.T(0)),
    };

    public static TheoryData<TunnelEvent> IgnoredEvents => new()
    {
        new TunnelEvent.BuildSucceeded(Clock.T(0)),
        new TunnelEvent.BuildFailed("busy", true, Clock.T(0)),
        new TunnelEvent.ProbeResult(true, null, Clock.T(0)),
    };

    [Theory]
    [MemberData(nameof(StartingEvents))]
    public void A_pending_tunnel_starts_building_with_its_first_peer(TunnelEvent @event)
    {
        var transition = TunnelLifecycle.Initial.Next(@event, Contexts.TwoPeers);

        transition.Next.Should().Be(ConnectingState.Building(0, 0));
        transition.Actions.Should().Equal(new LifecycleAction.Build(0));
    }

    [Theory]
    [MemberData(nameof(IgnoredEvents))]
    public void Outcomes_of_builds_it_never_asked_for_are_ignored(TunnelEvent @event)
    {
        var transition = TunnelLifecycle.Initial.Next(@event, Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(TunnelLifecycle.Initial);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_tunnel_declared_with_an_invalid_spec_is_blocked_without_building()
    {
        var transition = TunnelLifecycle.Initial.Next(new TunnelEvent.SpecChanged("endpoint is not host:port", Clock.T(0)), Contexts.OnePeer);

        transition.Next.Phase.Should().Be(TunnelPhase.Blocked);
        transition.Actions.Should().ContainSingle().Which.Should().BeOfType<LifecycleAction.MarkBlocked>();
    }
}
