using Tunmux.Core.Model;
using Tunmux.Linux.Build;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class KernelBackendTests : IDisposable
{
    private readonly DriverFixture _fixture = new(kernelModule: true);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Kernel_tunnel_is_built_with_exactly_these_commands_in_this_order()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Kernel), CancellationToken.None);

        _fixture.Runner.Lines.Should().Equal(
            "ip netns add tunmux_alpha",
            "ip -n tunmux_alpha link set lo up",
            "ip link add wg-alpha type wireguard",
            "wg setconf wg-alpha /dev/stdin",
            "ip link set wg-alpha netns tunmux_alpha",
            "ip -n tunmux_alpha addr add 10.2.0.2/32 dev wg-alpha",
            "ip -n tunmux_alpha link set wg-alpha up",
            "ip -n tunmux_alpha route add default dev wg-alpha",
            "ip -n tunmux_alpha -6 route add unreachable default");
        record.Backend.Should().Be(BackendKind.Kernel);
        record.WireGuardProcess.Should().BeNull();
        _fixture.Launcher.Started.Should().BeEmpty();
    }

    [Fact]
    public async Task Auto_backend_picks_the_kernel_when_it_has_WireGuard()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Auto), CancellationToken.None);

        record.Backend.Should().Be(BackendKind.Kernel);
        _fixture.Runner.Lines.Should().Contain("ip link add wg-alpha type wireguard").And.NotContain("modprobe -q wireguard");
    }

    [Fact]
    public async Task A_failure_before_the_move_deletes_the_interface_from_the_host_namespace_and_the_namespace()
    {
        _fixture.Runner.Fail("wg setconf wg-alpha /dev/stdin", "Unable to modify interface: Protocol not supported");

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Kernel), CancellationToken.None);

        await act.Should().ThrowAsync<TunnelBuildException>().WithMessage("*wg setconf*");
        _fixture.Runner.Lines.SkipWhile(line => !line.StartsWith("wg setconf", StringComparison.Ordinal)).Skip(1).Should().Equal(
            "ip link del wg-alpha",
            "ip netns pids tunmux_alpha",
            "ip netns del tunmux_alpha");
    }

    [Fact]
    public async Task A_failure_after_the_move_leaves_the_interface_to_the_namespace_deletion()
    {
        _fixture.Runner.Fail("ip -n tunmux_alpha link set wg-alpha up", "RTNETLINK answers: Invalid argument");

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Kernel), CancellationToken.None);

        await act.Should().ThrowAsync<TunnelBuildException>();
        _fixture.Runner.Lines.SkipWhile(line => line != "ip -n tunmux_alpha link set wg-alpha up").Skip(1).Should().Equal(
            "ip netns pids tunmux_alpha",
            "ip netns del tunmux_alpha");
    }

    [Fact]
    public async Task Requesting_the_kernel_backend_without_the_module_fails_before_anything_is_built()
    {
        using var noModule = new DriverFixture(kernelModule: false);

        var act = () => noModule.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Kernel), CancellationToken.None);

        (await act.Should().ThrowAsync<TunnelBuildException>()).Which.Step.Should().Be("choosing the WireGuard backend");
        noModule.Runner.Lines.Should().Equal("modprobe -q wireguard");
    }
}
