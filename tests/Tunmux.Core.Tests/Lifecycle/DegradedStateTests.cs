using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class DegradedStateTests
{
    private static readonly Cause Stale = new(LifecycleReasons.HandshakeStale, "the latest handshake was 181 s ago");
    private static readonly Cause ProbeFailed = new(LifecycleReasons.ProbeFailed, "the active probe failed: timeout");

    /// <summary>Peer 1, handshake stale since t=100, recovery due at t=110.</summary>
    private static readonly DegradedState StaleHandshake =
        new(RecoveryLadder.StartAt(0), Clock.T(100), new HealthSignals(Stale, null), Clock.T(110));

    private static readonly DegradedState FailedProbe =
        new(RecoveryLadder.StartAt(0), Clock.T(100), new HealthSignals(null, ProbeFailed), Clock.T(110));

    [Fact]
    public void A_recent_handshake_before_confirmation_reconnects_nothing_and_connects_again()
    {
        var transition = StaleHandshake.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(104)), Clock.T(105)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(105)));
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_problem_still_there_before_confirmation_waits()
    {
        var transition = StaleHandshake.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(-81)), Clock.T(109)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<DegradedState>().Which.ConfirmAt.Should().Be(Clock.T(110));
        transition.Actions.Should().BeEmpty();
    }

    [Fact]
    public void A_problem_still_there_at_confirmation_starts_reconnecting()
    {
        var transition = StaleHandshake.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(-81)), Clock.T(110)), Contexts.TwoPeers);

        var reconnecting = transition.Next.Should().BeOfType<ReconnectingState>().Subject;
        reconnecting.UnhealthySince.Should().Be(Clock.T(100));
        reconnecting.Window.Should().Be(HandshakeWindow.Starting(Clock.T(110), TimeSpan.FromSeconds(30)));
        transition.Actions.Should().Equal(new LifecycleAction.Reconnect(0, true));
    }

    [Theory]
    [InlineData(109, TunnelPhase.Degraded)]
    [InlineData(110, TunnelPhase.Reconnecting)]
    public void A_tick_starts_recovery_once_the_confirmation_period_is_over(int at, TunnelPhase expected)
    {
        StaleHandshake.Next(new TunnelEvent.Tick(Clock.T(at)), Contexts.TwoPeers).Next.Phase.Should().Be(expected);
    }

    [Fact]
    public void A_recent_handshake_does_not_excuse_a_failed_probe()
    {
        var transition = FailedProbe.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(104)), Clock.T(105)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<DegradedState>().Which.Signals.Should().Be(new HealthSignals(null, ProbeFailed));
    }

    [Fact]
    public void A_passing_probe_clears_a_failed_probe()
    {
        var transition = FailedProbe.Next(new TunnelEvent.ProbeResult(true, null, Clock.T(105)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(105)));
    }

    [Fact]
    public void A_passing_probe_does_not_excuse_a_stale_handshake()
    {
        var transition = StaleHandshake.Next(new TunnelEvent.ProbeResult(true, null, Clock.T(105)), Contexts.TwoPeers);

        transition.Next.Phase.Should().Be(TunnelPhase.Degraded);
    }

    [Fact]
    public void Missing_parts_rebuild_the_tunnel()
    {
        var transition = StaleHandshake.Next(new TunnelEvent.Observed(Facts.Gone, Clock.T(105)), Contexts.TwoPeers);

        transition.Next.Should().Be(ConnectingState.Building(0, 0));
        transition.Actions.Should().Equal(new LifecycleAction.Rebuild(0, "namespace is missing"));
    }
}
