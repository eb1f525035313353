using Tunmux.Api.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class InspectTunnelTests : IDisposable
{
    private const string LinkUp =
        """[{"ifindex":2,"ifname":"wg-alpha","flags":["POINTOPOINT","MULTICAST","NOARP","UP","LOWER_UP"],"mtu":1420,"qdisc":"pfifo_fast","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none"}]""";

    private const string DefaultRoute = """[{"dst":"default","dev":"wg-alpha","scope":"link","flags":[]}]""";

    private static readonly string Dump =
        $"{Samples.PrivateKey}\tAvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=\t35162\toff\n" +
        $"{Samples.PeerPublicKey}\t(none)\t198.51.100.1:51820\t0.0.0.0/0,::/0\t1767268800\t9232\t10548\t25\n";

    private readonly DriverFixture _fixture = new();
    private readonly ProcessRef _wireGuardGo = new(4100, 88);

    public InspectTunnelTests()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        _fixture.Launcher.Alive.Add(_wireGuardGo);
        _fixture.Runner
            .Answer("ip -n tunmux_alpha -j link show wg-alpha", LinkUp)
            .Answer("ip -n tunmux_alpha -j route show default", DefaultRoute)
            .Answer("ip netns exec tunmux_alpha wg show wg-alpha dump", Dump);
    }

    public void Dispose() => _fixture.Dispose();

    private TunnelRecord Record(BackendKind backend = BackendKind.Userspace) =>
        new("alpha", "tunmux_alpha", "wg-alpha", backend, "hash", backend == BackendKind.Kernel ? null : _wireGuardGo, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_healthy_tunnel_shows_every_part_and_its_WireGuard_state()
    {
        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.Should().Be(new TunnelFacts(
            NamespaceExists: true,
            InterfaceExists: true,
            InterfaceUp: true,
            HasDefaultRoute: true,
            WireGuardProcessAlive: true,
            PublicKey: "AvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=",
            PeerEndpoint: "198.51.100.1:51820",
            LatestHandshake: DateTimeOffset.FromUnixTimeSeconds(1767268800),
            RxBytes: 9232,
            TxBytes: 10548));
        facts.BrokenReason.Should().BeNull();
        _fixture.Runner.Lines.Should().Equal(
            "ip -n tunmux_alpha -j link show wg-alpha",
            "ip -n tunmux_alpha -j route show default",
            "ip netns exec tunmux_alpha wg show wg-alpha dump");
    }

    [Fact]
    public void The_private_key_in_the_dump_is_neither_kept_nor_logged()
    {
        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.ToString().Should().NotContain(Samples.PrivateKey);
        _fixture.Logger.Lines.Should().NotContain(line => line.Contains(Samples.PrivateKey));
    }

    [Fact]
    public void A_missing_namespace_is_reported_without_running_anything()
    {
        File.Delete(_fixture.Host.Paths.NamespaceFile("tunmux_alpha"));

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.NamespaceExists.Should().BeFalse();
        facts.BrokenReason.Should().Be("namespace is missing");
        _fixture.Runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public void A_dead_wireguard_go_makes_the_tunnel_broken()
    {
        _fixture.Launcher.Alive.Clear();

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.WireGuardProcessAlive.Should().BeFalse();
        facts.BrokenReason.Should().Be("wireguard process is not running");
    }

    [Fact]
    public void A_kernel_tunnel_counts_as_running_while_its_interface_exists()
    {
        _fixture.Driver.InspectTunnel(Record(BackendKind.Kernel)).WireGuardProcessAlive.Should().BeTrue();
    }

    [Fact]
    public void A_missing_interface_skips_the_WireGuard_query()
    {
        _fixture.Runner.Fail("ip -n tunmux_alpha -j link show wg-alpha", "Device \"wg-alpha\" does not exist.");

        var facts = _fixture.Driver.InspectTunnel(Record(BackendKind.Kernel));

        facts.InterfaceExists.Should().BeFalse();
        facts.WireGuardProcessAlive.Should().BeFalse();
        facts.BrokenReason.Should().Be("interface is missing");
        _fixture.Runner.Lines.Should().NotContain(line => line.Contains("wg show"));
    }
}
