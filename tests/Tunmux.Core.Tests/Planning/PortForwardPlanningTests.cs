using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using static Tunmux.Core.Tests.Planning.Builders;

namespace Tunmux.Core.Tests.Planning;

/// <summary>Issue #5: a tunnel with port forwarding gets a port keeper, planned like a proxy worker.</summary>
public sealed class PortForwardPlanningTests
{
    private static Plan PlanFor(DesiredState desired, ObservedState observed) => Planner.Compute(desired, observed, PlanOptions.Default);

    private static IEnumerable<string> Lines(Plan plan) =>
        plan.Changes.Where(c => c.Action != ChangeAction.NoOp).Select(c => $"{c.Action} {c.Kind} {c.Name}: {c.Reason}");

    private static ObservedState WithKeeperAlive(ObservedState host, bool alive) =>
        host with { PortForwards = host.PortForwards.Select(k => k with { ProcessAlive = alive }).ToList() };

    [Fact]
    public void A_forwarding_tunnel_gets_a_keeper_after_the_tunnel_and_a_plain_one_none()
    {
        var plan = PlanFor(new DesiredState([Forwarding("a", "/usr/local/bin/hook"), Tunnel("b")], []), ObservedState.Empty);

        Lines(plan).Should().Equal(
            "Create Tunnel a: declared, not present",
            "Create Tunnel b: declared, not present",
            "Create PortForward a: declared, not present");
        PlanRenderer.Render(plan).Should().Contain("+ portforward/a: create (declared, not present)\n    hook: /usr/local/bin/hook\n");
        plan.Changes.OfType<CreatePortForward>().Single().Desired.Hook.Should().Equal("/usr/local/bin/hook");
    }

    [Fact]
    public void A_running_keeper_that_matches_is_left_alone()
    {
        var desired = new DesiredState([Forwarding("a")], []);

        PlanFor(desired, Matching(desired)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public void A_keeper_that_died_is_restarted_and_its_tunnel_kept()
    {
        var desired = new DesiredState([Forwarding("a")], []);

        var plan = PlanFor(desired, WithKeeperAlive(Matching(desired), alive: false));

        Lines(plan).Should().Equal("Replace PortForward a: repair: keeper is not running");
        plan.Changes.OfType<ReplacePortForward>().Single().Current.Process.Pid.Should().Be(300);
    }

    [Fact]
    public void A_rebuilt_tunnel_restarts_its_keeper_which_lived_in_the_old_namespace()
    {
        var before = new DesiredState([Forwarding("a")], []);
        var after = new DesiredState([Forwarding("a") with { WireGuard = Tunnel("a", endpoint: "198.18.9.2:51820").WireGuard }], []);

        Lines(PlanFor(after, Matching(before))).Should().Equal(
            "Replace Tunnel a: spec changed",
            "Replace PortForward a: tunnel a is rebuilt");
    }

    [Fact]
    public void A_new_hook_restarts_only_the_keeper_and_the_plan_never_shows_its_arguments()
    {
        var before = new DesiredState([Forwarding("a", "/bin/old")], []);
        var after = new DesiredState([Forwarding("a", "/bin/new", "--password", "hunter2")], []);

        var plan = PlanFor(after, Matching(before));

        Lines(plan).Should().Equal("Replace PortForward a: spec changed");
        PlanRenderer.Render(plan).Should().Contain("hook: /bin/new (2 arguments)").And.NotContain("hunter2");
    }

    [Fact]
    public void Turning_port_forwarding_off_stops_the_keeper_and_keeps_the_tunnel()
    {
        var before = new DesiredState([Forwarding("a")], []);

        Lines(PlanFor(new DesiredState([Tunnel("a")], []), Matching(before))).Should().Equal("Delete PortForward a: no longer declared");
    }

    [Fact]
    public void A_deleted_tunnel_loses_its_proxy_and_keeper_before_itself()
    {
        var before = new DesiredState([Forwarding("a")], [Proxy("pa", "a")]);

        Lines(PlanFor(DesiredState.Empty, Matching(before))).Should().Equal(
            "Delete Proxy pa: no longer declared",
            "Delete PortForward a: no longer declared",
            "Delete Tunnel a: no longer declared");
    }

    [Fact]
    public void The_keeper_starts_after_the_tunnel_and_beside_the_proxies()
    {
        var plan = PlanFor(new DesiredState([Forwarding("a")], [Proxy("pa", "a")]), ObservedState.Empty);

        plan.Changes.Select(c => $"{c.Kind} {c.Name}").Should().Equal("Tunnel a", "Proxy pa", "PortForward a");
        plan.Summary.Should().Be("Plan: 3 to add, 0 to change, 0 to destroy.");
    }
}
