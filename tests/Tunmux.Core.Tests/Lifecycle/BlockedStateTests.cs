using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class BlockedStateTests
{
    private static readonly BlockedState ForGood =
        BlockedState.UntilSpecChanges(new Cause(LifecycleReasons.InvalidSpec, "the spec is invalid: no peers"));

    /// <summary>Second failed build of peer 2; retry due at t=4.</summary>
    private static readonly BlockedState Retrying =
        BlockedState.Retrying(new Cause(LifecycleReasons.BuildFailed, "the build failed: busy"), 1, 2, Clock.T(4));

    public static TheoryData<TunnelEvent> EventsOtherThanSpecOrDelete => new()
    {
        new TunnelEvent.Tick(Clock.T(86_400)),
        new TunnelEvent.Observed(Facts.Gone, Clock.T(86_400)),
        new TunnelEvent.Observed(Facts.Up(Clock.T(86_399)), Clock.T(86_400)),
        new TunnelEvent.BuildSucceeded(Clock.T(86_400)),
        new TunnelEvent.BuildFailed("busy", true, Clock.T(86_400)),
        new TunnelEvent.ProbeResult(true, null, Clock.T(86_400)),
    };

    [Theory]
    [MemberData(nameof(EventsOtherThanSpecOrDelete))]
    public void A_terminal_block_never_retries_on_its_own(TunnelEvent @event)
    {
        var transition = ForGood.Next(@event, Contexts.OnePeer);

        transition.Next.Should().BeSameAs(ForGood);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_terminal_block_reports_its_reason_and_that_it_waits_for_the_spec()
    {
        ForGood.Cause.Reason.Should().Be(LifecycleReasons.InvalidSpec);
        ForGood.Cause.Message.Should().Be("the spec is invalid: no peers (no retry until the spec changes)");
        ForGood.WakeAt.Should().BeNull();
    }

    [Fact]
    public void A_retrying_block_waits_for_its_retry_time()
    {
        var transition = Retrying.Next(new TunnelEvent.Tick(Clock.T(3.9)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Retrying);
        transition.Actions.Should().BeEmpty();
        Retrying.WakeAt.Should().Be(Clock.T(4));
        Retrying.Cause.Message.Should().Contain("failure 2").And.Contain("2025-01-01 12:00:04Z");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_retrying_block_builds_again_when_its_time_comes_keeping_the_failure_count(bool byObservation)
    {
        TunnelEvent due = byObservation ? new TunnelEvent.Observed(Facts.Gone, Clock.T(4)) : new TunnelEvent.Tick(Clock.T(4));

        var transition = Retrying.Next(due, Contexts.TwoPeers);

        transition.Next.Should().Be(ConnectingState.Building(1, 2));
        transition.Actions.Should().Equal(new LifecycleAction.Build(1));
    }

    [Fact]
    public void A_retrying_block_ignores_build_outcomes_and_probes()
    {
        Retrying.Next(new TunnelEvent.BuildSucceeded(Clock.T(10)), Contexts.TwoPeers).Next.Should().BeSameAs(Retrying);
        Retrying.Next(new TunnelEvent.ProbeResult(true, null, Clock.T(10)), Contexts.TwoPeers).Next.Should().BeSameAs(Retrying);
    }
}
