using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Reconnecting and FailingOver judge their attempt the same way; each case runs against both.</summary>
public sealed class RecoveryAttemptTests
{
    private static readonly Cause Stale = new(LifecycleReasons.HandshakeStale, "the latest handshake was 181 s ago");

    /// <summary>Both attempts began at t=200 (grace until t=230); the tunnel has been unhealthy since t=100.</summary>
    private static readonly HandshakeWindow Window = HandshakeWindow.Starting(Clock.T(200), TimeSpan.FromSeconds(30));

    private static readonly IReadOnlyDictionary<string, ITunnelState> Attempts = new Dictionary<string, ITunnelState>
    {
        // Second reconnect to peer 1 of 2 (three are allowed before failing over).
        ["reconnecting"] = new ReconnectingState(new RecoveryLadder(0, 2), Window, Clock.T(100), Stale),
        // Just failed over from peer 1 to peer 2.
        ["failing over"] = new FailingOverState(RecoveryLadder.StartAt(1), 0, Window, Clock.T(100), Stale),
    };

    public static TheoryData<string> Names => new(Attempts.Keys);

    private static RecoveryLadder LadderOf(string name) => name == "reconnecting" ? new RecoveryLadder(0, 2) : RecoveryLadder.StartAt(1);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_recent_handshake_ends_the_attempt_connected_on_its_peer(string name)
    {
        var transition = Attempts[name].Next(new TunnelEvent.Observed(Facts.Up(Clock.T(203)), Clock.T(205)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(LadderOf(name), Clock.T(205)));
        transition.Actions.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_passing_probe_ends_the_attempt_connected(string name)
    {
        var transition = Attempts[name].Next(new TunnelEvent.ProbeResult(true, null, Clock.T(205)), Contexts.TwoPeers);

        transition.Next.Should().Be(new ConnectedState(LadderOf(name), Clock.T(205)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_stale_handshake_inside_the_grace_period_waits(string name)
    {
        var state = Attempts[name];

        var transition = state.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(0)), Clock.T(229)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(state);
        transition.Actions.Should().BeEmpty();
        state.WakeAt.Should().Be(Clock.T(230));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_failed_probe_during_the_attempt_changes_nothing(string name)
    {
        var state = Attempts[name];

        state.Next(new TunnelEvent.ProbeResult(false, null, Clock.T(205)), Contexts.TwoPeers).Next.Should().BeSameAs(state);
    }

    [Fact]
    public void A_reconnect_without_a_handshake_in_time_reconnects_once_more()
    {
        var transition = Attempts["reconnecting"].Next(new TunnelEvent.Observed(Facts.Up(Clock.T(0)), Clock.T(230)), Contexts.TwoPeers);

        var next = transition.Next.Should().BeOfType<ReconnectingState>().Subject;
        next.Ladder.Should().Be(new RecoveryLadder(0, 3));
        next.UnhealthySince.Should().Be(Clock.T(100), "the tunnel has been unhealthy all along");
        next.Window.Should().Be(HandshakeWindow.Starting(Clock.T(230), TimeSpan.FromSeconds(30)));
        transition.Actions.Should().Equal(new LifecycleAction.Reconnect(0, true));
    }

    [Fact]
    public void The_last_allowed_reconnect_without_a_handshake_fails_over_to_the_next_peer()
    {
        var last = new ReconnectingState(new RecoveryLadder(0, 3), Window, Clock.T(100), Stale);

        var transition = last.Next(new TunnelEvent.Tick(Clock.T(230)), Contexts.TwoPeers);

        var failingOver = transition.Next.Should().BeOfType<FailingOverState>().Subject;
        failingOver.FromPeerIndex.Should().Be(0);
        failingOver.Ladder.Should().Be(RecoveryLadder.StartAt(1));
        failingOver.Cause.Message.Should().Contain("from peer 1 to peer 2");
        transition.Actions.Should().Equal(new LifecycleAction.FailOver(0, 1));
    }

    [Fact]
    public void A_failover_without_a_handshake_in_time_starts_reconnecting_to_the_new_peer()
    {
        var transition = Attempts["failing over"].Next(new TunnelEvent.Tick(Clock.T(230)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<ReconnectingState>().Which.Ladder.Should().Be(new RecoveryLadder(1, 1));
        transition.Actions.Should().Equal(new LifecycleAction.Reconnect(1, true));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_tick_inside_the_grace_period_changes_nothing(string name)
    {
        var state = Attempts[name];

        state.Next(new TunnelEvent.Tick(Clock.T(229)), Contexts.TwoPeers).Next.Should().BeSameAs(state);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Missing_parts_rebuild_the_tunnel_on_the_peer_being_tried(string name)
    {
        var transition = Attempts[name].Next(new TunnelEvent.Observed(Facts.Gone, Clock.T(205)), Contexts.TwoPeers);

        var peer = LadderOf(name).PeerIndex;
        transition.Next.Should().Be(ConnectingState.Building(peer, 0));
        transition.Actions.Should().Equal(new LifecycleAction.Rebuild(peer, "namespace is missing"));
    }
}
