using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using static Tunmux.Core.Tests.Planning.Builders;

namespace Tunmux.Core.Tests.Planning;

public class PlannerTests
{
    private static Plan PlanFor(DesiredState desired, ObservedState observed, bool prune = false) =>
        Planner.Compute(desired, observed, new PlanOptions(prune));

    private static IEnumerable<string> Lines(Plan plan) =>
        plan.Changes.Where(c => c.Action != ChangeAction.NoOp).Select(c => $"{c.Action} {c.Kind} {c.Name}");

    [Fact]
    public void Everything_is_created_on_an_empty_host_tunnels_before_proxies()
    {
        var desired = new DesiredState([Tunnel("b"), Tunnel("a")], [Proxy("pa", "a")]);
        var plan = PlanFor(desired, ObservedState.Empty);
        Lines(plan).Should().Equal("Create Tunnel a", "Create Tunnel b", "Create Proxy pa");
        plan.Summary.Should().Be("Plan: 3 to add, 0 to change, 0 to destroy.");
    }

    [Fact]
    public void A_host_that_matches_gives_an_empty_plan()
    {
        var desired = new DesiredState([Tunnel("a")], [Proxy("pa", "a")]);
        var plan = PlanFor(desired, Matching(desired));
        plan.HasChanges.Should().BeFalse();
        plan.Summary.Should().StartWith("No changes");
    }

    [Fact]
    public void A_changed_endpoint_replaces_the_tunnel_and_restarts_its_proxies()
    {
        var before = new DesiredState([Tunnel("a")], [Proxy("pa", "a")]);
        var after = new DesiredState([Tunnel("a", endpoint: "198.18.9.2:51820")], [Proxy("pa", "a")]);
        var plan = PlanFor(after, Matching(before));
        Lines(plan).Should().Equal("Replace Tunnel a", "Replace Proxy pa");
        plan.Changes.Single(c => c.Name == "pa").Reason.Should().Be("tunnel a is rebuilt");
    }

    [Fact]
    public void A_new_private_key_is_detected_without_the_key_appearing_in_the_plan()
    {
        const string otherKey = "cGxhY2Vob2xkZXIta2V5LWZvci10ZXN0cy1vbmx5IT0=";
        var before = new DesiredState([Tunnel("a")], []);
        var after = new DesiredState([Tunnel("a", privateKey: otherKey)], []);
        var plan = PlanFor(after, Matching(before));
        Lines(plan).Should().Equal("Replace Tunnel a");
        PlanRenderer.Render(plan).Should().NotContain(otherKey).And.NotContain(KeyA);
    }

    [Fact]
    public void A_changed_port_replaces_only_that_proxy()
    {
        var before = new DesiredState([Tunnel("a"), Tunnel("b")], [Proxy("pa", "a"), Proxy("pb", "b", 1081, 8119)]);
        var after = before with { Proxies = [Proxy("pa", "a", socks: 1090), Proxy("pb", "b", 1081, 8119)] };
        var plan = PlanFor(after, Matching(before));
        Lines(plan).Should().Equal("Replace Proxy pa");
        plan.Changes.Single(c => c.Name == "pa").Details.Should().Equal("socks: 127.0.0.1:1080 -> 127.0.0.1:1090");
    }

    [Theory]
    [InlineData(false, true, true, true, true, "repair: namespace is missing")]
    [InlineData(true, false, true, true, true, "repair: interface is missing")]
    [InlineData(true, true, true, true, false, "repair: wireguard process is not running")]
    [InlineData(true, true, false, true, true, "repair: interface is down")]
    [InlineData(true, true, true, false, true, "repair: default route is missing")]
    public void A_broken_tunnel_is_rebuilt_with_the_reason(bool ns, bool link, bool up, bool route, bool process, string reason)
    {
        var desired = new DesiredState([Tunnel("a")], []);
        var facts = Healthy with { NamespaceExists = ns, InterfaceExists = link, InterfaceUp = up, HasDefaultRoute = route, WireGuardProcessAlive = process };
        var plan = PlanFor(desired, HostWith([new ObservedTunnel(RecordOf(desired.Tunnels[0]), facts)]));
        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == ChangeAction.Replace && c.Reason == reason);
    }

    [Fact]
    public void A_dead_worker_is_restarted_and_nothing_else_changes()
    {
        var desired = new DesiredState([Tunnel("a")], [Proxy("pa", "a")]);
        var observed = Matching(desired) with { Proxies = [new ObservedProxy(RecordOf(desired.Proxies[0]), false)] };
        var plan = PlanFor(desired, observed);
        Lines(plan).Should().Equal("Replace Proxy pa");
        plan.Changes.Single(c => c.Name == "pa").Reason.Should().Be("repair: worker is not running");
    }

    [Fact]
    public void Objects_no_longer_declared_are_deleted_proxies_first()
    {
        var before = new DesiredState([Tunnel("a")], [Proxy("pa", "a")]);
        var plan = PlanFor(DesiredState.Empty, Matching(before));
        Lines(plan).Should().Equal("Delete Proxy pa", "Delete Tunnel a");
        plan.Summary.Should().Be("Plan: 0 to add, 0 to change, 2 to destroy.");
    }

    [Fact]
    public void An_orphan_namespace_is_only_a_warning_without_prune()
    {
        var plan = PlanFor(DesiredState.Empty, HostWith(orphans: ["tunmux_ghost"]));
        plan.HasChanges.Should().BeFalse();
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("tunmux_ghost");
    }

    [Fact]
    public void Prune_deletes_an_orphan_namespace()
    {
        var plan = PlanFor(DesiredState.Empty, HostWith(orphans: ["tunmux_ghost"]), prune: true);
        plan.Changes.Should().ContainSingle().Which.Should().BeOfType<DeleteOrphanNamespace>().Which.Namespace.Should().Be("tunmux_ghost");
    }

    [Fact]
    public void Planning_twice_gives_the_same_plan()
    {
        var desired = new DesiredState([Tunnel("b"), Tunnel("a")], [Proxy("pb", "b"), Proxy("pa", "a", 1081, 8119)]);
        PlanRenderer.Render(PlanFor(desired, ObservedState.Empty)).Should().Be(PlanRenderer.Render(PlanFor(desired, ObservedState.Empty)));
    }
}
