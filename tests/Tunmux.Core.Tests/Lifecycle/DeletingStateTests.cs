using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class DeletingStateTests
{
    private static readonly DeletingState Deleting = new(Clock.T(0));

    public static TheoryData<TunnelEvent> QuietEvents => new()
    {
        new TunnelEvent.SpecChanged(null, Clock.T(1)),
        new TunnelEvent.SpecChanged("bad", Clock.T(1)),
        new TunnelEvent.BuildSucceeded(Clock.T(1)),
        new TunnelEvent.BuildFailed("busy", true, Clock.T(1)),
        new TunnelEvent.ProbeResult(false, null, Clock.T(1)),
        new TunnelEvent.DeleteRequested(Clock.T(1)),
        new TunnelEvent.Tick(Clock.T(1)),
        new TunnelEvent.Observed(Facts.Gone, Clock.T(1)),
    };

    [Theory]
    [MemberData(nameof(QuietEvents))]
    public void Nothing_brings_a_deleting_tunnel_back_or_asks_for_more(TunnelEvent @event)
    {
        var transition = Deleting.Next(@event, Contexts.OnePeer);

        transition.Next.Should().BeSameAs(Deleting);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void Parts_still_on_the_host_are_deleted_again()
    {
        var leftover = Facts.Gone with { NamespaceExists = true };

        var transition = Deleting.Next(new TunnelEvent.Observed(leftover, Clock.T(5)), Contexts.OnePeer);

        transition.Next.Should().BeSameAs(Deleting);
        transition.Actions.Should().Equal(new LifecycleAction.Delete());
    }
}
