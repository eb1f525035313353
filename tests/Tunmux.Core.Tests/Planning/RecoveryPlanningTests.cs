using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using static Tunmux.Core.Tests.Planning.Builders;

namespace Tunmux.Core.Tests.Planning;

/// <summary>
/// Issue #9: recovery steps are plan actions. A requested reconnect or failover becomes a
/// reconnect in place; a build the tunnel needs anyway (missing, broken, changed) wins over it,
/// because a build configures the requested peer.
/// </summary>
public class RecoveryPlanningTests
{
    private static readonly DesiredTunnel Declared = Tunnel("a");

    private static Plan PlanFor(DesiredTunnel desired, ObservedState observed) =>
        Planner.Compute(new DesiredState([desired], [Proxy("pa", "a")]), observed, PlanOptions.Default);

    private static ObservedState Running(TunnelFacts? facts = null, int activePeer = 0) => HostWith(
        [new ObservedTunnel(RecordOf(Declared) with { ActivePeer = activePeer }, facts ?? Healthy)],
        [new ObservedProxy(RecordOf(Proxy("pa", "a")), true)]);

    private static string Tunnels(Plan plan) =>
        string.Join("; ", plan.Changes.Where(c => c.Kind == ResourceKind.Tunnel).Select(c => $"{c.GetType().Name}: {c.Reason}"));

    [Fact]
    public void A_reconnect_request_on_a_running_tunnel_is_a_reconnect_that_keeps_its_workers()
    {
        var plan = PlanFor(Declared with { Recovery = new TunnelRecovery(RecoveryKind.Reconnect, 0) }, Running());

        Tunnels(plan).Should().Be("ReconnectTunnel: reconnect: peer 1 again");
        plan.Changes.Single(c => c.Kind == ResourceKind.Proxy).Action.Should().Be(ChangeAction.NoOp);
        plan.Summary.Should().Be("Plan: 0 to add, 1 to change, 0 to destroy.");
    }

    [Fact]
    public void A_one_peer_failover_resets_the_session_with_that_peer()
    {
        var plan = PlanFor(Declared with { Recovery = new TunnelRecovery(RecoveryKind.FailOver, 0) }, Running());

        plan.Changes.OfType<ReconnectTunnel>().Should().ContainSingle().Which.Peer.Should().Be(0);
    }

    [Fact]
    public void A_request_on_a_broken_tunnel_is_a_repair_on_the_requested_peer()
    {
        var desired = Declared with { ActivePeer = 0, Recovery = new TunnelRecovery(RecoveryKind.Reconnect, 0) };

        var plan = PlanFor(desired, Running(Healthy with { InterfaceExists = false }));

        Tunnels(plan).Should().Be("ReplaceTunnel: repair: interface is missing");
        plan.Changes.OfType<ReplaceTunnel>().Single().Desired.Recovery.Should().NotBeNull();
    }

    [Fact]
    public void A_request_for_a_tunnel_that_is_not_there_is_its_creation()
    {
        var plan = PlanFor(Declared with { Recovery = new TunnelRecovery(RecoveryKind.Reconnect, 0) }, ObservedState.Empty);

        Tunnels(plan).Should().Be("CreateTunnel: declared, not present");
    }

    [Fact]
    public void A_server_change_that_found_no_other_server_resets_the_session_in_place()
    {
        var plan = PlanFor(Declared with { Recovery = new TunnelRecovery(RecoveryKind.ChangeServer, 0, "CH#12") }, Running());

        Tunnels(plan).Should().StartWith("ReconnectTunnel: change server: no other server");
    }

    [Fact]
    public void A_healthy_tunnel_without_a_request_on_the_peer_it_should_use_is_left_alone()
    {
        PlanFor(Declared, Running()).HasChanges.Should().BeFalse();
    }
}
