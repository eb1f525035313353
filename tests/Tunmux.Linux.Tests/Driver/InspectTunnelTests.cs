using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Linux.Netlink;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class InspectTunnelTests : IDisposable
{
    private const string PrivateKeyHex = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string PublicKey = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";

    private const string UapiAnswer =
        $"private_key={PrivateKeyHex}\nlisten_port=35162\n" +
        "public_key=de5d8a330de0b6072d87c94a747a39a27ee5b017438257a1deb710fe085aeb29\n" +
        "preshared_key=0000000000000000000000000000000000000000000000000000000000000000\nprotocol_version=1\n" +
        "endpoint=198.51.100.1:51820\nlast_handshake_time_sec=1767268800\nlast_handshake_time_nsec=0\n" +
        "tx_bytes=10548\nrx_bytes=9232\npersistent_keepalive_interval=25\nallowed_ip=0.0.0.0/0\nallowed_ip=::/0\nerrno=0\n\n";

    private static readonly string KernelDump =
        $"{Samples.PrivateKey}\tAvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=\t35162\toff\n" +
        $"{Samples.PeerPublicKey}\t(none)\t198.51.100.1:51820\t0.0.0.0/0,::/0\t1767268800\t9232\t10548\t25\n";

    private static readonly NetlinkLink Loopback = new(1, "lo", true, "UNKNOWN", 65536);
    private static readonly NetlinkLink WireGuardUp = new(4, "wg-alpha", true, "UNKNOWN", 1420);
    private static readonly NetlinkRoute DefaultViaWireGuard = new(2, 0, NetlinkRoute.MainTable, NetlinkRoute.Unicast, 4);

    private readonly DriverFixture _fixture = new();
    private readonly ProcessRef _wireGuardGo = new(4100, 88);
    private readonly FakeUapiServer _uapi;

    public InspectTunnelTests()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        _fixture.Launcher.Alive.Add(_wireGuardGo);
        _fixture.Routing.Namespaces["tunmux_alpha"] = new NamespaceRouting([Loopback, WireGuardUp], [DefaultViaWireGuard]);
        _fixture.Runner.Answer("ip netns exec tunmux_alpha wg show wg-alpha dump", KernelDump);
        _uapi = new FakeUapiServer(_fixture.Host.Paths.WireGuardSocket("wg-alpha"), UapiAnswer);
    }

    public void Dispose()
    {
        _uapi.Dispose();
        _fixture.Dispose();
    }

    private TunnelRecord Record(BackendKind backend = BackendKind.Userspace) =>
        new("alpha", "tunmux_alpha", "wg-alpha", backend, "hash", backend == BackendKind.Kernel ? null : _wireGuardGo, DateTimeOffset.UnixEpoch);

    private void Routing(NetlinkLink[] links, NetlinkRoute[] routes) =>
        _fixture.Routing.Namespaces["tunmux_alpha"] = new NamespaceRouting(links, routes);

    [Fact]
    public void A_healthy_wireguard_go_tunnel_is_read_in_process_without_running_a_program()
    {
        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.Should().Be(new TunnelFacts(
            NamespaceExists: true,
            InterfaceExists: true,
            InterfaceUp: true,
            HasDefaultRoute: true,
            WireGuardProcessAlive: true,
            PublicKey: PublicKey,
            PeerEndpoint: "198.51.100.1:51820",
            LatestHandshake: DateTimeOffset.FromUnixTimeSeconds(1767268800),
            RxBytes: 9232,
            TxBytes: 10548));
        facts.BrokenReason.Should().BeNull();
        _fixture.Routing.Reads.Should().Equal("tunmux_alpha");
        _uapi.Requests.Should().Equal("get=1\n\n");
        _fixture.Runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public void A_kernel_tunnel_reads_its_WireGuard_state_with_wg_show_dump()
    {
        var facts = _fixture.Driver.InspectTunnel(Record(BackendKind.Kernel));

        facts.PublicKey.Should().Be("AvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=");
        facts.RxBytes.Should().Be(9232);
        facts.WireGuardProcessAlive.Should().BeTrue("a kernel tunnel counts as running while its interface exists");
        _fixture.Runner.Lines.Should().Equal("ip netns exec tunmux_alpha wg show wg-alpha dump");
        _uapi.Requests.Should().BeEmpty();
    }

    [Fact]
    public void The_private_key_is_neither_kept_nor_logged()
    {
        var userspace = _fixture.Driver.InspectTunnel(Record());
        var kernel = _fixture.Driver.InspectTunnel(Record(BackendKind.Kernel));

        foreach (var facts in new[] { userspace, kernel })
        {
            facts.ToString().Should().NotContain(Samples.PrivateKey).And.NotContain(PrivateKeyHex);
        }

        _fixture.Logger.Lines.Should().NotContain(line => line.Contains(Samples.PrivateKey) || line.Contains(PrivateKeyHex));
    }

    [Fact]
    public void A_missing_namespace_is_reported_without_reading_anything()
    {
        File.Delete(_fixture.Host.Paths.NamespaceFile("tunmux_alpha"));

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.NamespaceExists.Should().BeFalse();
        facts.BrokenReason.Should().Be("namespace is missing");
        _fixture.Routing.Reads.Should().BeEmpty();
        _uapi.Requests.Should().BeEmpty();
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
    public void A_missing_interface_skips_the_WireGuard_query()
    {
        Routing([Loopback], [DefaultViaWireGuard]);

        var facts = _fixture.Driver.InspectTunnel(Record(BackendKind.Kernel));

        facts.InterfaceExists.Should().BeFalse();
        facts.HasDefaultRoute.Should().BeFalse("a route is matched to its interface by index, and there is none");
        facts.WireGuardProcessAlive.Should().BeFalse();
        facts.BrokenReason.Should().Be("interface is missing");
        _fixture.Runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public void An_interface_that_is_down_is_reported_as_down()
    {
        Routing([Loopback, WireGuardUp with { AdminUp = false, OperState = "DOWN" }], [DefaultViaWireGuard]);

        _fixture.Driver.InspectTunnel(Record()).BrokenReason.Should().Be("interface is down");
    }

    [Fact]
    public void A_default_route_through_another_interface_does_not_count()
    {
        Routing([Loopback, WireGuardUp], [DefaultViaWireGuard with { OutputInterface = 1 }]);

        _fixture.Driver.InspectTunnel(Record()).BrokenReason.Should().Be("default route is missing");
    }

    [Fact]
    public void A_namespace_that_cannot_be_read_shows_no_interface()
    {
        _fixture.Routing.Namespaces.Clear();

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.NamespaceExists.Should().BeTrue();
        facts.BrokenReason.Should().Be("interface is missing");
    }

    [Fact]
    public void A_wireguard_go_that_does_not_answer_leaves_the_WireGuard_facts_empty()
    {
        _uapi.Dispose();

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.InterfaceExists.Should().BeTrue();
        facts.PublicKey.Should().BeNull();
        facts.LatestHandshake.Should().BeNull();
        facts.RxBytes.Should().Be(0);
    }

    [Fact]
    public void Without_libsodium_a_wireguard_go_tunnel_is_read_with_wg_and_shows_the_same_facts()
    {
        _fixture.DerivePublicKey = _ => throw new System.Security.Cryptography.CryptographicException("libsodium.so.23 is not installed", new DllNotFoundException("libsodium.so.23"));

        var facts = _fixture.Driver.InspectTunnel(Record());

        facts.PublicKey.Should().Be("AvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=", "the key wg show dump printed");
        facts.RxBytes.Should().Be(9232);
        _fixture.Runner.Lines.Should().Equal("ip netns exec tunmux_alpha wg show wg-alpha dump");
    }
}
