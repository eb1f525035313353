using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using static Tunmux.Core.Tests.Planning.Builders;

namespace Tunmux.Core.Tests.Planning;

/// <summary>Orphan WireGuard interfaces in the host namespace are planned like orphan namespaces: deleted by the sweep, by exact name.</summary>
public sealed class OrphanInterfacePlanningTests
{
    private static readonly HostNaming Naming = new();

    private static ObservedState HostWithOrphanInterfaces(params string[] names) => HostWith() with { OrphanInterfaces = names };

    [Fact]
    public void The_sweep_deletes_an_orphan_interface_by_its_exact_name_as_host_work()
    {
        var plan = Planner.Compute(DesiredState.Empty, HostWithOrphanInterfaces("wg-ghost"), new PlanOptions(PruneOrphans: true));

        var change = plan.Changes.Should().ContainSingle().Which.Should().BeOfType<DeleteOrphanInterface>().Which;
        change.Interface.Should().Be("wg-ghost");
        change.Action.Should().Be(ChangeAction.Delete);
        change.Tunnel.Should().BeNull("it belongs to the host key, not to a tunnel's");
        plan.Summary.Should().Be("Plan: 0 to add, 0 to change, 1 to destroy.");
    }

    [Fact]
    public void Without_prune_an_orphan_interface_is_only_a_warning()
    {
        var plan = Planner.Compute(DesiredState.Empty, HostWithOrphanInterfaces("wg-ghost"), new PlanOptions(PruneOrphans: false));

        plan.HasChanges.Should().BeFalse();
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("wg-ghost");
    }

    [Fact]
    public void Orphans_are_deleted_before_anything_is_built()
    {
        var desired = new DesiredState([Tunnel("a")], []);

        var plan = Planner.Compute(desired, HostWithOrphanInterfaces("wg-ghost"), new PlanOptions(PruneOrphans: true));

        plan.Changes.Select(c => c.GetType().Name).Should().Equal(nameof(DeleteOrphanInterface), nameof(CreateTunnel));
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("wg-")]
    [InlineData("wg-far-too-long-a-name")]
    [InlineData("wg-a/b")]
    public void The_executor_guard_refuses_a_name_tunmux_does_not_give(string name)
    {
        OwnershipCheck.Refusal(new DeleteOrphanInterface(name, "test"), Naming).Should().NotBeNull();
    }

    [Fact]
    public void The_executor_guard_lets_a_name_tunmux_gives_through()
    {
        OwnershipCheck.Refusal(new DeleteOrphanInterface(Naming.InterfaceFor("a-long-tunnel-name"), "test"), Naming).Should().BeNull();
        OwnershipCheck.Refusal(new DeleteOrphanInterface("wg-ghost", "test"), Naming).Should().BeNull();
    }
}
