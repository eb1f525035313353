using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class DeleteTunnelTests : IDisposable
{
    private readonly DriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<TunnelRecord> BuiltTunnelAsync()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);
        _fixture.Runner.Commands.Clear();
        return record;
    }

    [Fact]
    public async Task Deleting_stops_wireguard_go_then_removes_interface_namespace_and_files()
    {
        var record = await BuiltTunnelAsync();

        await _fixture.Driver.DeleteTunnelAsync(record, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Equal(record.WireGuardProcess!);
        _fixture.Runner.Lines.Should().Equal(
            "ip netns pids tunmux_alpha",
            "ip -n tunmux_alpha link del wg-alpha",
            "ip netns del tunmux_alpha");
        Directory.Exists(_fixture.Host.Paths.EtcNetns("tunmux_alpha")).Should().BeFalse();
        File.Exists(_fixture.Host.Paths.WireGuardSocket("wg-alpha")).Should().BeFalse();
        _fixture.Host.Paths.NamespaceExists("tunmux_alpha").Should().BeFalse();
    }

    [Fact]
    public async Task Processes_still_inside_the_namespace_are_stopped_before_it_goes()
    {
        var record = await BuiltTunnelAsync();
        var worker = new ProcessRef(5151, 1234);
        _fixture.Launcher.Running[5151] = worker;
        _fixture.Runner.Answer("ip netns pids tunmux_alpha", "5151\n");

        await _fixture.Driver.DeleteTunnelAsync(record, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Contain(worker);
    }

    [Fact]
    public async Task An_interface_that_is_already_gone_counts_as_deleted()
    {
        var record = await BuiltTunnelAsync();
        _fixture.Runner.Fail("ip -n tunmux_alpha link del wg-alpha", "Cannot find device \"wg-alpha\"");

        await _fixture.Driver.DeleteTunnelAsync(record, CancellationToken.None);

        _fixture.Host.Paths.NamespaceExists("tunmux_alpha").Should().BeFalse();
    }

    [Fact]
    public async Task Deleting_a_tunnel_whose_parts_are_all_gone_succeeds_without_commands()
    {
        var record = new TunnelRecord("ghost", "tunmux_ghost", "wg-ghost", BackendKind.Userspace, "hash", new ProcessRef(1, 1), DateTimeOffset.UnixEpoch);

        await _fixture.Driver.DeleteTunnelAsync(record, CancellationToken.None);

        _fixture.Runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_real_failure_is_reported_after_every_other_step_ran()
    {
        var record = await BuiltTunnelAsync();
        _fixture.Runner.Fail("ip -n tunmux_alpha link del wg-alpha", "RTNETLINK answers: Operation not permitted");

        var act = () => _fixture.Driver.DeleteTunnelAsync(record, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*deleting the interface*Operation not permitted*");
        _fixture.Runner.Lines.Should().EndWith("ip netns del tunmux_alpha");
    }

    [Fact]
    public async Task An_orphan_namespace_loses_its_processes_its_files_and_itself()
    {
        _fixture.Host.AddNamespace("tunmux_lost");
        Directory.CreateDirectory(_fixture.Host.Paths.EtcNetns("tunmux_lost"));
        var worker = new ProcessRef(6262, 55);
        _fixture.Launcher.Running[6262] = worker;
        _fixture.Runner.Answer("ip netns pids tunmux_lost", "6262\n");

        await _fixture.Driver.DeleteOrphanNamespaceAsync("tunmux_lost", CancellationToken.None);

        _fixture.Runner.Lines.Should().Equal("ip netns pids tunmux_lost", "ip netns del tunmux_lost");
        _fixture.Launcher.Stopped.Should().Equal(worker);
        Directory.Exists(_fixture.Host.Paths.EtcNetns("tunmux_lost")).Should().BeFalse();
    }

    [Fact]
    public async Task A_namespace_without_our_prefix_is_never_deleted()
    {
        _fixture.Host.AddNamespace("someone_else");

        var act = () => _fixture.Driver.DeleteOrphanNamespaceAsync("someone_else", CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*not ours*");
        _fixture.Runner.Commands.Should().BeEmpty();
        _fixture.Host.Paths.NamespaceExists("someone_else").Should().BeTrue();
    }

    [Fact]
    public void Only_namespaces_with_the_prefix_are_listed()
    {
        _fixture.Host.AddNamespace("tunmux_b");
        _fixture.Host.AddNamespace("tunmux_a");
        _fixture.Host.AddNamespace("other");

        _fixture.Driver.ListNamespaces("tunmux_").Should().Equal("tunmux_a", "tunmux_b");
    }
}
