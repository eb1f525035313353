using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>spec.wireguard.peers: several servers to fail over between (issue #4).</summary>
public sealed class PeerListTests
{
    private const string TwoPeers = $"""
            privateKeyFile: keys/lab.key
            addresses: [10.66.0.2/32]
            peers:
              - publicKey: {Manifests.PublicKey}
                endpoint: a.example.net:51820
                allowedIPs: [0.0.0.0/0]
              - publicKey: {Manifests.PublicKey}
                endpoint: b.example.net:51820
                allowedIPs: [0.0.0.0/0]
                persistentKeepalive: 25
        """;

    [Fact]
    public void A_list_of_peers_loads_in_order()
    {
        var set = Manifests.LoadAndValidate(Manifests.Tunnel(wireguard: TwoPeers));

        set.Errors.Should().BeEmpty();
        var wireguard = set.Objects.OfType<TunnelManifest>().Single().Spec.WireGuard!;
        wireguard.Peer.Should().BeNull();
        wireguard.AllPeers.Select(p => p.Endpoint).Should().Equal("a.example.net:51820", "b.example.net:51820");
        wireguard.Peers[1].PersistentKeepalive.Should().Be(25);
    }

    [Fact]
    public void Peer_and_peers_together_are_refused()
    {
        var both = TwoPeers + $"""

                peer:
                  publicKey: {Manifests.PublicKey}
                  endpoint: c.example.net:51820
                  allowedIPs: [0.0.0.0/0]
            """;

        Manifests.Errors(Manifests.Tunnel(wireguard: both))
            .Should().ContainSingle(e => e.Contains("spec.wireguard.peers: peer and peers exclude each other", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_listed_peer_is_checked_and_its_errors_point_at_it()
    {
        var broken = TwoPeers.Replace("b.example.net:51820", "no-port", StringComparison.Ordinal);

        var errors = Manifests.Errors(Manifests.Tunnel(wireguard: broken));

        errors.Should().ContainSingle().Which.Should().StartWith("test.yaml:14:").And.Contain("spec.wireguard.peers[1].endpoint");
    }

    [Fact]
    public void An_empty_peer_list_still_needs_a_peer()
    {
        var none = TwoPeers[..TwoPeers.IndexOf("    peers:", StringComparison.Ordinal)] + "    peers: []\n";

        Manifests.Errors(Manifests.Tunnel(wireguard: none)).Should().Contain(e => e.Contains("spec.wireguard.peer: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_peer_list_is_written_back_as_a_list()
    {
        var set = Manifests.LoadAndValidate(Manifests.Tunnel(wireguard: TwoPeers));

        var yaml = ManifestWriter.ToYaml(set.Objects);

        yaml.Should().Contain("peers:").And.Contain("b.example.net:51820").And.NotContain("peer:\n");
        var again = Manifests.LoadAndValidate(yaml);
        again.Errors.Should().BeEmpty();
        again.Objects.OfType<TunnelManifest>().Single().Spec.WireGuard!.Peers.Should().HaveCount(2);
    }
}
