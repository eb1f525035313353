using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>
/// Issue #4: a provider tunnel (one peer: the server its provider chose) fails over to the next
/// server that matches its selector, rather than resetting the same server.
/// </summary>
public sealed class ServerFailoverScenarioTests
{
    private static readonly LifecycleContext OnServer1 = Contexts.OnePeer with { Server = "CH#1" };

    /// <summary>Connected on CH#1, then its handshakes stop: the ladder is climbed until it asks for another server.</summary>
    private static (Scenario Tunnel, List<LifecycleAction> Actions) ClimbToServerChange()
    {
        var tunnel = new Scenario(OnServer1).Connect();
        var actions = new List<LifecycleAction>();
        tunnel.At(300);
        while (!actions.Any(a => a is LifecycleAction.ChangeServer))
        {
            actions.AddRange(tunnel.Observe(Facts.Up(Clock.T(0))));
            if (tunnel.State.WakeAt is { } wake)
            {
                tunnel.At((wake - Clock.Origin).TotalSeconds);
            }
        }

        return (tunnel, actions);
    }

    [Fact]
    public void A_stale_handshake_leads_after_the_reconnects_to_asking_for_another_server()
    {
        var (tunnel, actions) = ClimbToServerChange();

        actions.Should().Equal(
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.ChangeServer("CH#1"));
        tunnel.State.Should().BeOfType<ChangingServerState>().Which.To.Should().BeNull();
        tunnel.State.Phase.Should().Be(TunnelPhase.FailingOver);
        tunnel.State.Cause.Message.Should().StartWith("failing over from server CH#1: looking for the next server that matches the selector, because ");
        tunnel.State.WakeAt.Should().BeNull("the controller resolves and rebuilds at once");
    }

    [Fact]
    public void The_new_server_is_rebuilt_on_and_connects()
    {
        var (tunnel, _) = ClimbToServerChange();

        tunnel.Send(new TunnelEvent.ServerResolved("CH#2", tunnel.Now)).Should().ContainSingle().Which.Should().BeOfType<LifecycleAction.Rebuild>();
        StatePeers.AwaitsBuild(tunnel.State).Should().BeTrue();
        tunnel.State.Cause.Message.Should().StartWith("failing over from server CH#1 to server CH#2, because ");
        tunnel.Context = Contexts.OnePeer with { Server = "CH#2" };
        tunnel.At(tunnel.Now.Subtract(Clock.Origin).TotalSeconds + 2).BuildSucceeds().Should().BeEmpty();
        tunnel.State.WakeAt.Should().Be(tunnel.Now + Contexts.Policy.HandshakeGrace);
        tunnel.At(tunnel.Now.Subtract(Clock.Origin).TotalSeconds + 1).Observe(Facts.Up(tunnel.Now)).Should().BeEmpty();

        tunnel.State.Phase.Should().Be(TunnelPhase.Connected);
        tunnel.History.Entries.Where(e => e.Reason == LifecycleReasons.FailingOver).Select(e => e.Message)
            .Should().Contain(m => m.StartsWith("failing over from server CH#1 to server CH#2", StringComparison.Ordinal));
        tunnel.History.Entries.Last().Type.Should().Be(HistoryEventType.Normal);
    }

    [Fact]
    public void The_new_server_gets_its_own_reconnects_before_the_next_server_change()
    {
        var (tunnel, _) = ClimbToServerChange();
        tunnel.Send(new TunnelEvent.ServerResolved("CH#2", tunnel.Now));
        tunnel.Context = Contexts.OnePeer with { Server = "CH#2" };
        tunnel.BuildSucceeds();

        var actions = new List<LifecycleAction>();
        for (var rung = 0; rung < 4; rung++)
        {
            tunnel.At((tunnel.State.WakeAt!.Value - Clock.Origin).TotalSeconds);
            actions.AddRange(tunnel.Observe(Facts.NeverHandshaked));
        }

        actions.Should().Equal(
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.ChangeServer("CH#2"));
    }

    [Fact]
    public void When_no_other_server_matches_the_same_one_is_reset_in_place_and_the_ladder_goes_on()
    {
        var (tunnel, _) = ClimbToServerChange();

        tunnel.Send(new TunnelEvent.ServerResolved("ch#1", tunnel.Now)).Should().Equal(new LifecycleAction.FailOver(0, 0));
        tunnel.State.Cause.Message.Should().StartWith("failing over from server CH#1: no other server matches the selector, so reconnecting to it");
        tunnel.At((tunnel.State.WakeAt!.Value - Clock.Origin).TotalSeconds).Tick().Should().Equal(new LifecycleAction.Reconnect(0, true));
        tunnel.State.Phase.Should().Be(TunnelPhase.Reconnecting);
    }

    [Fact]
    public void A_failed_rebuild_on_the_new_server_holds_the_exit_closed_and_retries()
    {
        var (tunnel, _) = ClimbToServerChange();
        tunnel.Send(new TunnelEvent.ServerResolved("CH#2", tunnel.Now));

        var actions = tunnel.BuildFails("wg setconf failed", transient: true);

        tunnel.State.Should().BeOfType<BlockedState>().Which.RetryAt.Should().NotBeNull();
        actions.Should().Equal(new LifecycleAction.MarkBlocked(tunnel.State.Cause));
    }

    [Fact]
    public void Until_the_provider_answers_the_tunnel_waits_closed_whatever_is_observed()
    {
        var (tunnel, _) = ClimbToServerChange();
        var asking = tunnel.State;

        tunnel.At(2000).Observe(Facts.Gone).Should().BeEmpty();
        tunnel.Tick().Should().BeEmpty();
        tunnel.BuildSucceeds().Should().BeEmpty("a build before the new server is known is not the failover's");
        tunnel.Probe(ok: true).Should().BeEmpty();

        tunnel.State.Should().Be(asking);
    }

    [Fact]
    public void A_plain_wireguard_tunnel_with_one_peer_still_resets_it_in_place()
    {
        var tunnel = new Scenario(Contexts.OnePeer).Connect();
        var actions = new List<LifecycleAction>();
        tunnel.At(300);
        for (var pass = 0; pass < 5; pass++)
        {
            actions.AddRange(tunnel.Observe(Facts.Up(Clock.T(0))));
            tunnel.At((tunnel.State.WakeAt!.Value - Clock.Origin).TotalSeconds);
        }

        actions.Should().Contain(new LifecycleAction.FailOver(0, 0)).And.NotContain(a => a is LifecycleAction.ChangeServer);
    }
}
