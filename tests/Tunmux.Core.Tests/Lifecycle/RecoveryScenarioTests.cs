using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Whole lifecycles on a fake clock, driven the way the daemon's loop drives them.</summary>
public sealed class RecoveryScenarioTests
{
    [Fact]
    public void A_dead_exit_is_reconnected_three_times_then_failed_over_to_peer_2_then_back_to_peer_1()
    {
        var tunnel = new Scenario(Contexts.TwoPeers).Connect();
        var lastHandshake = tunnel.Now;

        // The exit dies. The loop observes at every wake-up time (and once when the handshake goes stale).
        var actions = new List<LifecycleAction>();
        var phases = new List<TunnelPhase>();
        tunnel.At(300);
        for (var pass = 0; pass < 10; pass++)
        {
            actions.AddRange(tunnel.Observe(Facts.Up(lastHandshake)));
            phases.Add(tunnel.State.Phase);
            tunnel.At((tunnel.State.WakeAt!.Value - Clock.Origin).TotalSeconds);
        }

        actions.Should().Equal(
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.FailOver(0, 1),
            new LifecycleAction.Reconnect(1, true),
            new LifecycleAction.Reconnect(1, true),
            new LifecycleAction.Reconnect(1, true),
            new LifecycleAction.FailOver(1, 0),
            new LifecycleAction.Reconnect(0, true));
        phases.Should().Equal(
            TunnelPhase.Degraded,
            TunnelPhase.Reconnecting, TunnelPhase.Reconnecting, TunnelPhase.Reconnecting, TunnelPhase.FailingOver,
            TunnelPhase.Reconnecting, TunnelPhase.Reconnecting, TunnelPhase.Reconnecting, TunnelPhase.FailingOver,
            TunnelPhase.Reconnecting);
        // Confirmation (10 s) then one grace period (30 s) per rung.
        tunnel.Now.Should().Be(Clock.T(300 + 10 + (9 * 30)));
    }

    [Fact]
    public void A_failover_that_handshakes_leaves_the_tunnel_connected_on_peer_2()
    {
        var tunnel = new Scenario(Contexts.TwoPeers).Connect();
        tunnel.At(300).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(310).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(340).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(370).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(400).Observe(Facts.Up(Clock.T(0))).Should().Equal(new LifecycleAction.FailOver(0, 1));

        tunnel.At(405).Observe(Facts.Up(Clock.T(404))).Should().BeEmpty();

        tunnel.State.Should().Be(new ConnectedState(RecoveryLadder.StartAt(1), Clock.T(405)));
        tunnel.State.Cause.Message.Should().Be("connected through peer 2");
    }

    [Fact]
    public void A_tunnel_that_never_handshakes_gets_its_grace_period_after_the_build_then_is_reconnected()
    {
        var tunnel = new Scenario(Contexts.OnePeer);
        tunnel.Declare().Should().Equal(new LifecycleAction.Build(0));
        tunnel.At(2).BuildSucceeds().Should().BeEmpty();

        tunnel.At(10).Observe(Facts.NeverHandshaked).Should().BeEmpty();
        tunnel.At(31).Observe(Facts.NeverHandshaked).Should().BeEmpty();
        tunnel.State.Phase.Should().Be(TunnelPhase.Connecting);

        tunnel.At(32).Observe(Facts.NeverHandshaked).Should().Equal(new LifecycleAction.Reconnect(0, true));
        tunnel.State.Cause.Message.Should().Be("reconnect 1 to peer 1, because no handshake within 30 s");
    }

    [Fact]
    public void A_handshake_older_than_180_seconds_leads_to_a_reconnect_after_confirmation()
    {
        var tunnel = new Scenario(Contexts.OnePeer).Connect();

        tunnel.At(180).Observe(Facts.Up(Clock.T(0))).Should().BeEmpty();
        tunnel.State.Phase.Should().Be(TunnelPhase.Connected);

        tunnel.At(181).Observe(Facts.Up(Clock.T(0))).Should().BeEmpty();
        tunnel.State.Phase.Should().Be(TunnelPhase.Degraded);

        tunnel.At(191).Tick().Should().Equal(new LifecycleAction.Reconnect(0, true));
        tunnel.At(195).Observe(Facts.Up(Clock.T(194))).Should().BeEmpty();
        tunnel.State.Phase.Should().Be(TunnelPhase.Connected);
    }

    [Fact]
    public void An_invalid_spec_stays_blocked_without_retries_until_the_spec_changes()
    {
        var tunnel = new Scenario(Contexts.OnePeer);
        var blocked = tunnel.Declare("peer 1: endpoint is not host:port");
        blocked.Should().ContainSingle().Which.Should().BeOfType<LifecycleAction.MarkBlocked>();

        for (var minute = 1; minute <= 24 * 60; minute++)
        {
            tunnel.At(minute * 60);
            tunnel.Tick().Should().BeEmpty();
            tunnel.Observe(Facts.Gone).Should().BeEmpty();
        }

        tunnel.State.Should().BeOfType<BlockedState>().Which.Terminal.Should().BeTrue();
        tunnel.Declare().Should().Equal(new LifecycleAction.Rebuild(0, "the spec changed"));
        tunnel.BuildSucceeds();
        tunnel.Observe(Facts.Up(tunnel.Now));
        tunnel.State.Phase.Should().Be(TunnelPhase.Connected);
    }

    [Fact]
    public void Transient_build_failures_retry_with_growing_delays_and_a_success_resets_them()
    {
        var tunnel = new Scenario(Contexts.OnePeer);
        tunnel.Declare();
        var builds = new List<double>();
        for (var failure = 0; failure < 4; failure++)
        {
            tunnel.BuildFails("state lock busy", transient: true);
            var retryAt = tunnel.State.WakeAt!.Value;
            tunnel.At((retryAt - Clock.Origin).TotalSeconds - 0.5).Tick().Should().BeEmpty("a retry never comes early");
            tunnel.At((retryAt - Clock.Origin).TotalSeconds).Tick().Should().Equal(new LifecycleAction.Build(0));
            builds.Add((tunnel.Now - Clock.Origin).TotalSeconds);
        }

        builds.Should().Equal(1, 3, 7, 15);

        tunnel.BuildSucceeds();
        tunnel.Observe(Facts.Up(tunnel.Now));
        tunnel.At(1000).Observe(Facts.Gone).Should().Equal(new LifecycleAction.Rebuild(0, "namespace is missing"));
        tunnel.BuildFails("state lock busy", transient: true);
        tunnel.State.WakeAt.Should().Be(Clock.T(1001), "the count started again after the tunnel connected");
    }

    [Fact]
    public void A_peer_that_fails_again_soon_after_recovering_moves_on_along_the_ladder()
    {
        var tunnel = new Scenario(Contexts.TwoPeers).Connect();
        tunnel.At(200).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(210).Observe(Facts.Up(Clock.T(0))).Should().Equal(new LifecycleAction.Reconnect(0, true));
        tunnel.At(215).Observe(Facts.Up(Clock.T(214)));
        tunnel.State.Phase.Should().Be(TunnelPhase.Connected);

        // Down again within a minute: the next rung is the second reconnect, not the first again.
        tunnel.At(240).Probe(ok: false, "timeout");
        tunnel.At(250).Tick();

        tunnel.State.Should().BeOfType<ReconnectingState>().Which.Ladder.Should().Be(new RecoveryLadder(0, 2));
    }

    [Fact]
    public void The_history_tells_the_story_with_warnings_for_trouble()
    {
        var tunnel = new Scenario(Contexts.OnePeer).Connect();
        tunnel.At(200).Observe(Facts.Up(Clock.T(0)));
        tunnel.At(210).Tick();
        tunnel.At(215).Observe(Facts.Up(Clock.T(214)));

        tunnel.History.Entries.Select(e => (e.Type, e.Reason)).Should().Equal(
            (HistoryEventType.Normal, LifecycleReasons.Building),
            (HistoryEventType.Normal, LifecycleReasons.AwaitingHandshake),
            (HistoryEventType.Normal, LifecycleReasons.Connected),
            (HistoryEventType.Warning, LifecycleReasons.HandshakeStale),
            (HistoryEventType.Warning, LifecycleReasons.Reconnecting),
            (HistoryEventType.Normal, LifecycleReasons.Connected));
        tunnel.History.Entries[3].Message.Should().Be("the latest handshake was 200 s ago, more than the 180 s allowed");
        tunnel.History.Entries[4].Time.Should().Be(Clock.T(210));
    }
}
