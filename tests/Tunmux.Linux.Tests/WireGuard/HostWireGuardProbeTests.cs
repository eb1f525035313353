using Tunmux.Linux.Tests.Fakes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

public sealed class HostWireGuardProbeTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_loaded_module_means_kernel_support_without_running_modprobe()
    {
        _host.LoadKernelModule();
        var runner = new RecordingCommandRunner(_host);

        (await new HostWireGuardProbe(_host.Paths, runner, "wireguard-go").KernelHasWireGuardAsync(CancellationToken.None)).Should().BeTrue();
        runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_the_module_modprobe_decides()
    {
        var loads = new RecordingCommandRunner(_host);
        var fails = new RecordingCommandRunner(_host).Fail("modprobe -q wireguard", "");

        (await new HostWireGuardProbe(_host.Paths, loads, "wg").KernelHasWireGuardAsync(CancellationToken.None)).Should().BeTrue();
        (await new HostWireGuardProbe(_host.Paths, fails, "wg").KernelHasWireGuardAsync(CancellationToken.None)).Should().BeFalse();
        loads.Lines.Should().Equal("modprobe -q wireguard");
        fails.Lines.Should().Equal("modprobe -q wireguard");
    }

    [Fact]
    public async Task Only_a_positive_kernel_answer_is_remembered()
    {
        var runner = new RecordingCommandRunner(_host).Fail("modprobe -q wireguard", "");
        var probe = new HostWireGuardProbe(_host.Paths, runner, "wg");

        await probe.KernelHasWireGuardAsync(CancellationToken.None);
        _host.LoadKernelModule();
        (await probe.KernelHasWireGuardAsync(CancellationToken.None)).Should().BeTrue();
        (await probe.KernelHasWireGuardAsync(CancellationToken.None)).Should().BeTrue();

        runner.Commands.Should().ContainSingle();
    }

    [Fact]
    public void wireguard_go_is_found_by_path_and_a_missing_one_is_not()
    {
        var runner = new RecordingCommandRunner(_host);

        new HostWireGuardProbe(_host.Paths, runner, _host.WireGuardGo).UserspaceAvailable().Should().BeTrue();
        new HostWireGuardProbe(_host.Paths, runner, Path.Combine(_host.Root, "nope", "wireguard-go")).UserspaceAvailable().Should().BeFalse();
    }

    [Fact]
    public void A_bare_program_name_is_looked_up_on_the_search_path()
    {
        var folder = Path.GetDirectoryName(_host.WireGuardGo)!;

        ExecutableLocator.Find("wireguard-go", $"/nonexistent:{folder}").Should().Be(_host.WireGuardGo);
        ExecutableLocator.Find("wireguard-go", "/nonexistent").Should().BeNull();
    }
}
