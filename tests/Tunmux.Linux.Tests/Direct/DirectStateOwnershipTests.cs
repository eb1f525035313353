using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Linux.Direct;
using Tunmux.Linux.Processes;
using Tunmux.Linux.Tests.Fakes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.Direct;

/// <summary>
/// Issue #9: a direct-mode state file that names objects tunmux does not own (planted, or corrupted)
/// is reported, and nothing it names is acted on: no interface deleted, no wg-quick run on it, no
/// file removed, no process stopped, and no firewall change.
/// </summary>
public sealed class DirectStateOwnershipTests : IDisposable
{
    private readonly TestHost _host = new();
    private readonly RecordingCommandRunner _runner;
    private readonly FakeProcessLauncher _launcher = new();

    public DirectStateOwnershipTests() => _runner = new RecordingCommandRunner(_host);

    public void Dispose() => _host.Dispose();

    private string StateDirectory => Path.Combine(_host.Root, "state", "direct");

    private DirectModeHost Host()
    {
        var options = _host.Options();
        var programs = new DirectPrograms("/usr/sbin/nft", "/usr/sbin/ip", "/usr/bin/wg", "/usr/bin/wg-quick", _host.WireGuardGo, "/usr/bin/tcpdump");
        var stateFile = new DirectStateFile(StateDirectory);
        var resolvConf = Path.Combine(_host.Root, "resolv.conf");
        File.WriteAllText(resolvConf, "nameserver 192.0.2.53\n");
        var mountInfo = Path.Combine(_host.Root, "mountinfo");
        File.WriteAllText(mountInfo, "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        return new DirectModeHost(
            new NftFirewall(_runner, programs),
            new RoutingHost(_runner, programs),
            new DirectDevice(_runner, programs, new WireGuardGoRunner(options, _launcher, NullLogger.Instance)),
            stateFile,
            new ResolvConfReplacement(resolvConf, stateFile.ResolvConfBackupPath, new MountTable(mountInfo)),
            null,
            NullLogger.Instance,
            options.Naming);
    }

    private void Plant(DirectState state)
    {
        new DirectStateFile(StateDirectory).Write(state);
    }

    [Fact]
    public async Task A_state_naming_a_foreign_interface_and_file_is_reported_and_nothing_is_touched()
    {
        var victim = Path.Combine(_host.Root, "precious.conf");
        await File.WriteAllTextAsync(victim, "keep me\n");
        Plant(new DirectState
        {
            TunnelName = "home",
            Interface = "eth0",
            Backend = DirectBackend.WgQuick,
            WgQuickConfig = victim,
            WireGuardGo = new Core.State.ProcessRef(4242, 1),
        });

        var outcome = await Host().EnsureAsync(null, [], CancellationToken.None);

        outcome.TunnelError.Should().Contain("refused: the direct state names interface 'eth0', not 'wg-home'").And.Contain("nothing was changed");
        _runner.Lines.Should().BeEmpty("no ip, wg-quick or nft command runs on a state tunmux cannot vouch for");
        File.Exists(victim).Should().BeTrue("the wg-quick config the state names is not tunmux's to delete");
        _launcher.Stopped.Should().BeEmpty();
    }

    [Fact]
    public async Task A_state_whose_names_are_the_tunnels_is_torn_down_as_before()
    {
        Plant(new DirectState { TunnelName = "home", Interface = "wg-home", Backend = DirectBackend.Kernel });
        _runner.Answer("/usr/sbin/ip link show dev wg-home", "5: wg-home: <POINTOPOINT>");

        var outcome = await Host().EnsureAsync(null, [], CancellationToken.None);

        outcome.TunnelError.Should().BeNull();
        _runner.Lines.Should().Contain("/usr/sbin/ip link del dev wg-home");
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(StateDirectory, "state.json"))).RootElement.TryGetProperty("interface", out _).Should().BeFalse();
    }
}
