using Tunmux.Core.Model;
using Tunmux.Core.Planning;
using Tunmux.Core.State;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Ownership;

/// <summary>
/// Issue #9: the executor acts only on names tunmux owns. A wrong plan (from a planted or corrupted
/// record) is reported per change and never reaches the driver; the rest of the plan still runs.
/// </summary>
public sealed class OwnershipGuardTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _driver;
    private readonly PlanExecutor _executor;

    public OwnershipGuardTests()
    {
        _driver = new FakeExitDriver(_workspace.Paths.Naming);
        _executor = new PlanExecutor(_driver, new RecordStore(_workspace.Paths));
    }

    public void Dispose() => _workspace.Dispose();

    private HostNaming Naming => _workspace.Paths.Naming;

    private TunnelRecord Record(string name, string? ns = null, string? iface = null, int pid = 4242) =>
        new(name, ns ?? Naming.NamespaceFor(name), iface ?? Naming.InterfaceFor(name), BackendKind.Userspace, "h", new ProcessRef(pid, 1), DateTimeOffset.UnixEpoch);

    private static PlannedChange DeleteTunnel(TunnelRecord record) => new Core.Planning.DeleteTunnel(record, "test");

    /// <summary>A reconnect of the declared tunnel <paramref name="name"/> with whatever record the host gave.</summary>
    private static PlannedChange Reconnect(TunnelRecord record, string name) =>
        new ReconnectTunnel(record, new DesiredTunnel(name, "wireguard", TunnelMode.Proxy, BackendKind.Auto, new WireGuardConfig(
            new Secret("YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="), ["10.66.1.2/32"], [], null,
            [new WireGuardPeer("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "198.18.1.2:51820", ["0.0.0.0/0"], null, null)])), 0, "test");

    public static TheoryData<string, string?, string?, int, string> WrongTunnelRecords => new()
    {
        { "lab-1", "init", null, 4242, "namespace 'init'" },
        { "lab-1", "tunmux_lab-2", null, 4242, "namespace 'tunmux_lab-2'" },
        { "lab-1", null, "eth0", 4242, "interface 'eth0'" },
        { "lab-1", null, null, 1, "PID 1" },
        { "lab-1", null, null, 0, "PID 0" },
        { "../../etc", null, null, 4242, "a path or control character" },
        { "x\u001b[2J", null, null, 4242, "a path or control character" },
    };

    [Theory]
    [MemberData(nameof(WrongTunnelRecords))]
    public async Task A_record_naming_a_host_object_tunmux_does_not_own_is_reported_and_never_acted_on(string name, string? ns, string? iface, int pid, string expected)
    {
        var plan = new Plan([DeleteTunnel(Record(name, ns, iface, pid))], []);

        var report = await _executor.ExecuteAsync(plan, null, CancellationToken.None);

        _driver.MutatingCalls.Should().Be(0, string.Join(", ", _driver.Calls));
        report.Outcomes.Should().ContainSingle().Which.Error.Should().StartWith("refused:").And.Contain(expected);
    }

    [Fact]
    public async Task A_record_filed_under_another_name_is_refused()
    {
        var plan = new Plan([Reconnect(Record("lab-2"), "lab-1")], []);

        var report = await _executor.ExecuteAsync(plan, null, CancellationToken.None);

        _driver.MutatingCalls.Should().Be(0);
        report.Outcomes.Single().Error.Should().Contain("names 'lab-2'");
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("tunmux_")]
    [InlineData("tunmux_a/b")]
    public async Task An_orphan_namespace_without_the_prefix_is_never_deleted(string ns)
    {
        var plan = new Plan([new DeleteOrphanNamespace(ns, "orphan")], []);

        var report = await _executor.ExecuteAsync(plan, null, CancellationToken.None);

        _driver.Calls.Should().NotContain(c => c.StartsWith("delete namespace", StringComparison.Ordinal));
        report.Outcomes.Single().Error.Should().StartWith("refused:");
    }

    [Fact]
    public async Task A_refused_change_leaves_the_rest_of_the_plan_running()
    {
        var plan = new Plan([DeleteTunnel(Record("bad", ns: "init")), DeleteTunnel(Record("good"))], []);

        var report = await _executor.ExecuteAsync(plan, null, CancellationToken.None);

        _driver.Calls.Should().Contain("delete tunnel good").And.NotContain("delete tunnel bad");
        report.Outcomes.Should().HaveCount(2);
    }

    [Fact]
    public void Names_tunmux_creates_itself_pass()
    {
        OwnershipCheck.Refusal(DeleteTunnel(Record("lab-1")), Naming).Should().BeNull();
        OwnershipCheck.Refusal(DeleteTunnel(Record("a-very-long-tunnel-name-indeed")), Naming).Should().BeNull();
        OwnershipCheck.Refusal(new DeleteOrphanNamespace(Naming.NamespaceFor("old"), "orphan"), Naming).Should().BeNull();
    }
}
