using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class ConnectingStateTests
{
    private static readonly ConnectingState Building = ConnectingState.Building(1, 0);

    /// <summary>Peer 2 built at t=10: its grace period runs to t=40.</summary>
    private static readonly ConnectingState Built = new(1, 0, HandshakeWindow.Starting(Clock.T(10), TimeSpan.FromSeconds(30)));

    [Fact]
    public void A_successful_build_opens_the_grace_period_from_that_moment()
    {
        var transition = Building.Next(new TunnelEvent.BuildSucceeded(Clock.T(10)), Contexts.TwoPeers);

        transition.Next.Should().Be(Built);
        transition.Next.WakeAt.Should().Be(Clock.T(40));
        transition.Next.Cause.Reason.Should().Be(LifecycleReasons.AwaitingHandshake);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void Observations_while_the_build_runs_change_nothing()
    {
        var transition = Building.Next(new TunnelEvent.Observed(Facts.Gone, Clock.T(100)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Building);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_transient_build_failure_blocks_and_schedules_a_retry_with_backoff()
    {
        var transition = ConnectingState.Building(1, 2).Next(new TunnelEvent.BuildFailed("state lock busy", true, Clock.T(10)), Contexts.TwoPeers);

        var blocked = transition.Next.Should().BeOfType<BlockedState>().Subject;
        blocked.Terminal.Should().BeFalse();
        blocked.Failures.Should().Be(3);
        blocked.PeerIndex.Should().Be(1);
        blocked.RetryAt.Should().Be(Clock.T(10 + 4), "the third failure in a row waits 1 s * 2^2");
        blocked.Cause.Message.Should().Contain("state lock busy");
        transition.Actions.Should().Equal(new LifecycleAction.MarkBlocked(blocked.Cause));
    }

    [Fact]
    public void A_permanent_build_failure_blocks_until_the_spec_changes()
    {
        var transition = Building.Next(new TunnelEvent.BuildFailed("key rejected by wireguard", false, Clock.T(10)), Contexts.TwoPeers);

        var blocked = transition.Next.Should().BeOfType<BlockedState>().Subject;
        blocked.Terminal.Should().BeTrue();
        blocked.Cause.Reason.Should().Be(LifecycleReasons.BuildFailed);
        transition.Actions.Should().Equal(new LifecycleAction.MarkBlocked(blocked.Cause));
    }

    [Fact]
    public void A_recent_handshake_connects_the_tunnel_on_its_peer()
    {
        var transition = Built.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(12)), Clock.T(15)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(RecoveryLadder.StartAt(1), Clock.T(15)));
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_tunnel_that_already_had_a_recent_handshake_before_the_build_connects_at_once()
    {
        // A restarted daemon "builds" a tunnel that is already up: ensure leaves it alone.
        var transition = Built.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(-60)), Clock.T(11)), Contexts.TwoPeers);

        transition.Next.Phase.Should().Be(TunnelPhase.Connected);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(39)]
    public void No_handshake_inside_the_grace_period_means_wait(int at)
    {
        var transition = Built.Next(new TunnelEvent.Observed(Facts.NeverHandshaked, Clock.T(at)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Built);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void No_handshake_by_the_end_of_the_grace_period_starts_the_recovery_ladder()
    {
        var transition = Built.Next(new TunnelEvent.Observed(Facts.NeverHandshaked, Clock.T(40)), Contexts.TwoPeers);

        var reconnecting = transition.Next.Should().BeOfType<ReconnectingState>().Subject;
        reconnecting.Ladder.Should().Be(new RecoveryLadder(1, 1));
        reconnecting.Problem.Reason.Should().Be(LifecycleReasons.NoHandshake);
        reconnecting.UnhealthySince.Should().Be(Clock.T(40));
        transition.Actions.Should().Equal(new LifecycleAction.Reconnect(1, ReResolveEndpoint: true));
    }

    [Fact]
    public void A_tick_after_the_grace_period_starts_recovery_without_waiting_for_an_observation()
    {
        var early = Built.Next(new TunnelEvent.Tick(Clock.T(39)), Contexts.TwoPeers);
        var late = Built.Next(new TunnelEvent.Tick(Clock.T(40)), Contexts.TwoPeers);

        early.Next.Should().BeSameAs(Built);
        late.Next.Phase.Should().Be(TunnelPhase.Reconnecting);
        late.Actions.Should().Equal(new LifecycleAction.Reconnect(1, true));
    }

    [Fact]
    public void A_passing_probe_after_the_build_connects_the_tunnel()
    {
        var transition = Built.Next(new TunnelEvent.ProbeResult(true, null, Clock.T(12)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(RecoveryLadder.StartAt(1), Clock.T(12)));
    }

    [Fact]
    public void A_tunnel_broken_right_after_its_build_counts_as_a_failed_build()
    {
        var transition = Built.Next(new TunnelEvent.Observed(Facts.NoRoute(null), Clock.T(12)), Contexts.TwoPeers);

        var blocked = transition.Next.Should().BeOfType<BlockedState>().Subject;
        blocked.Terminal.Should().BeFalse();
        blocked.Failures.Should().Be(1);
        blocked.Cause.Message.Should().Contain("default route is missing");
        transition.Actions.Should().ContainSingle().Which.Should().BeOfType<LifecycleAction.MarkBlocked>();
    }

    [Fact]
    public void A_late_build_outcome_after_the_build_succeeded_is_ignored()
    {
        var transition = Built.Next(new TunnelEvent.BuildFailed("late", true, Clock.T(12)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Built);
        transition.Actions.Should().BeEmpty();
    }
}
