using Tunmux.Core.Model;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

/// <summary>With a named host namespace, everything that belongs to "the host" happens in that namespace instead.</summary>
public sealed class HostNamespaceOptionTests : IDisposable
{
    private readonly DriverFixture _fixture = new(hostNamespace: "sandbox1");

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Host_side_commands_run_in_the_named_host_namespace()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        _fixture.Runner.Lines.Should().ContainInOrder(
            "ip netns add tunmux_alpha",
            "ip netns exec sandbox1 wg setconf wg-alpha /dev/stdin",
            "ip -n sandbox1 link set wg-alpha netns tunmux_alpha",
            "ip -n tunmux_alpha link set wg-alpha up");
        _fixture.Launcher.Started.Single().InNamespace.Should().Be("sandbox1");
    }

    [Fact]
    public async Task Kernel_interfaces_are_created_in_the_named_host_namespace()
    {
        using var kernel = new DriverFixture(hostNamespace: "sandbox1", kernelModule: true);

        await kernel.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Kernel), CancellationToken.None);

        kernel.Runner.Lines.Should().Contain("ip -n sandbox1 link add wg-alpha type wireguard");
    }
}
