using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class ConnectedStateTests
{
    /// <summary>Connected on peer 2 since t=0, after one reconnect.</summary>
    private static readonly ConnectedState Connected = new(new RecoveryLadder(1, 1), Clock.T(0));

    [Fact]
    public void A_recent_handshake_keeps_the_tunnel_connected_and_asks_for_nothing()
    {
        var transition = Connected.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(0)), Clock.T(180)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Connected);
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_stale_handshake_degrades_the_tunnel_for_confirmation_without_acting()
    {
        var transition = Connected.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(0)), Clock.T(181)), Contexts.TwoPeers);

        var degraded = transition.Next.Should().BeOfType<DegradedState>().Subject;
        degraded.Since.Should().Be(Clock.T(181));
        degraded.ConfirmAt.Should().Be(Clock.T(191));
        degraded.Signals.Handshake!.Reason.Should().Be(LifecycleReasons.HandshakeStale);
        degraded.Signals.Probe.Should().BeNull();
        transition.Actions.Should().BeEmpty("the tunnel stays closed on its own while the problem is confirmed");
    }

    [Fact]
    public void A_failed_probe_degrades_the_tunnel()
    {
        var transition = Connected.Next(new TunnelEvent.ProbeResult(false, "HTTP timeout", Clock.T(5)), Contexts.TwoPeers);

        var degraded = transition.Next.Should().BeOfType<DegradedState>().Subject;
        degraded.Signals.Probe!.Reason.Should().Be(LifecycleReasons.ProbeFailed);
        degraded.Cause.Message.Should().Contain("HTTP timeout");
    }

    [Fact]
    public void A_passing_probe_changes_nothing()
    {
        var transition = Connected.Next(new TunnelEvent.ProbeResult(true, null, Clock.T(5)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(Connected);
    }

    [Fact]
    public void Missing_parts_rebuild_the_tunnel_on_the_same_peer()
    {
        var transition = Connected.Next(new TunnelEvent.Observed(Facts.Gone, Clock.T(5)), Contexts.TwoPeers);

        transition.Next.Should().Be(ConnectingState.Building(1, 0));
        transition.Actions.Should().Equal(new LifecycleAction.Rebuild(1, "namespace is missing"));
    }

    [Fact]
    public void Without_a_confirmation_period_recovery_starts_at_the_first_bad_signal()
    {
        var context = Contexts.WithPeers(2, Contexts.Policy with { DegradedConfirmation = TimeSpan.Zero });

        var transition = Connected.Next(new TunnelEvent.ProbeResult(false, null, Clock.T(5)), context);

        transition.Next.Phase.Should().Be(TunnelPhase.Reconnecting);
        transition.Actions.Should().Equal(new LifecycleAction.Reconnect(1, true));
    }

    [Fact]
    public void A_tunnel_that_fails_again_soon_keeps_its_place_on_the_ladder()
    {
        var transition = Connected.Next(new TunnelEvent.Observed(Facts.Up(null), Clock.T(60)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<DegradedState>().Which.Ladder.Should().Be(new RecoveryLadder(1, 1));
    }

    [Fact]
    public void A_tunnel_that_stayed_up_long_enough_starts_the_ladder_again_from_the_bottom()
    {
        var transition = Connected.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(0)), Clock.T(400)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<DegradedState>().Which.Ladder.Should().Be(RecoveryLadder.StartAt(1));
    }
}
