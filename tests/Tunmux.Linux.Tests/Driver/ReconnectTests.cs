using System.Net;
using Tunmux.Core.Model;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

/// <summary>Issue #4 recovery on the host: one active peer at a time; reconnect and failover re-configure it in place.</summary>
public sealed class ReconnectTests : IDisposable
{
    private const string SecondKey = "c2Vjb25kLXNlcnZlci1wdWJsaWMta2V5LXRlc3RzLTA=";
    private readonly DriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>The sample tunnel with a second server, reached by name.</summary>
    private static DesiredTunnel TwoPeers(int activePeer = 0)
    {
        var tunnel = Samples.Tunnel(backend: BackendKind.Userspace);
        var second = new WireGuardPeer(SecondKey, "exit2.example.net:51820", ["0.0.0.0/0"], null, null);
        return tunnel with { WireGuard = tunnel.WireGuard with { Peers = [.. tunnel.WireGuard.Peers, second] }, ActivePeer = activePeer };
    }

    [Fact]
    public async Task A_build_configures_only_the_active_peer_and_records_it()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(activePeer: 1), CancellationToken.None);

        var setconf = _fixture.Runner.Commands.Single(c => c.Argv.Contains("setconf")).StandardInput!;
        setconf.Should().Contain(SecondKey).And.Contain("exit2.example.net:51820").And.NotContain(Samples.PeerPublicKey);
        record.ActivePeer.Should().Be(1);
    }

    [Fact]
    public async Task A_build_sends_one_packet_to_the_tunnel_DNS_from_inside_the_namespace()
    {
        await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);

        _fixture.Nudge.Sent.Should().Equal((_fixture.Host.Paths.NamespaceFile("tunmux_alpha"), new IPEndPoint(IPAddress.Parse("10.2.0.1"), 53)));
    }

    [Fact]
    public async Task A_failover_runs_exactly_one_setconf_inside_the_namespace_with_the_new_peer_resolved()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);
        _fixture.Runner.Commands.Clear();
        _fixture.Nudge.Sent.Clear();
        _fixture.Resolver.Names["exit2.example.net:51820"] = "203.0.113.7:51820";

        var updated = await _fixture.Driver.ReconnectAsync(record, TwoPeers(), 1, CancellationToken.None);

        _fixture.Runner.Lines.Should().Equal("ip netns exec tunmux_alpha wg setconf wg-alpha /dev/stdin");
        var command = _fixture.Runner.Commands.Single();
        command.InputIsSecret.Should().BeTrue();
        command.StandardInput.Should().Contain("PublicKey = " + SecondKey).And.Contain("Endpoint = 203.0.113.7:51820")
            .And.NotContain(Samples.PeerPublicKey, "the old peer goes, so its session goes with it");
        command.StandardInput!.Split("[Peer]").Should().HaveCount(2, "one peer at a time");
        _fixture.Resolver.Lookups.Should().Equal("exit2.example.net:51820");
        _fixture.Nudge.Sent.Should().ContainSingle();
        updated.Should().Be(record with { ActivePeer = 1 });
    }

    [Fact]
    public async Task A_reconnect_to_the_same_peer_resolves_its_endpoint_again()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);
        _fixture.Runner.Commands.Clear();

        await _fixture.Driver.ReconnectAsync(record, TwoPeers(), 0, CancellationToken.None);

        _fixture.Resolver.Lookups.Should().Equal("198.51.100.1:51820");
        _fixture.Runner.Commands.Single().StandardInput.Should().Contain("PublicKey = " + Samples.PeerPublicKey).And.Contain("PersistentKeepalive = 25");
    }

    [Fact]
    public async Task A_failed_reconfiguration_names_the_peer_and_never_a_key()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);
        _fixture.Runner.FailWhere(c => c.Argv.Contains("setconf"), $"Key is not the correct length or format: `{Samples.PrivateKey}'");

        var act = () => _fixture.Driver.ReconnectAsync(record, TwoPeers(), 1, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*peer 2*"))
            .Which.ToString().Should().NotContain(Samples.PrivateKey);
    }

    [Fact]
    public async Task A_handshake_prompt_that_fails_does_not_fail_the_reconnect()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);
        _fixture.Nudge.Fail = true;

        var updated = await _fixture.Driver.ReconnectAsync(record, TwoPeers(), 1, CancellationToken.None);

        updated.ActivePeer.Should().Be(1);
    }

    [Fact]
    public async Task Reconnecting_never_touches_routes_addresses_or_the_namespace()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(TwoPeers(), CancellationToken.None);
        _fixture.Runner.Commands.Clear();

        await _fixture.Driver.ReconnectAsync(record, TwoPeers(), 1, CancellationToken.None);
        await _fixture.Driver.ReconnectAsync(record, TwoPeers(), 0, CancellationToken.None);

        _fixture.Runner.Lines.Should().OnlyContain(line => line == "ip netns exec tunmux_alpha wg setconf wg-alpha /dev/stdin",
            "a tunnel under repair keeps its one route, into the tunnel: it fails closed");
    }
}
