using Tunmux.Core.Model;
using Tunmux.Linux.Tests.Fakes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

public sealed class WgSetconfTextTests
{
    [Fact]
    public void Keys_peers_and_keepalive_are_written_in_the_wg_format()
    {
        var text = WgSetconfText.Render(Samples.Tunnel().WireGuard);

        text.Should().Be(
            $"""
            [Interface]
            PrivateKey = {Samples.PrivateKey}
            FwMark = 0x746d

            [Peer]
            PublicKey = {Samples.PeerPublicKey}
            PresharedKey = {Samples.PresharedKey}
            Endpoint = 198.51.100.1:51820
            AllowedIPs = 0.0.0.0/0, ::/0
            PersistentKeepalive = 25

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Settings_that_only_wg_quick_understands_are_left_out()
    {
        var text = WgSetconfText.Render(Samples.Tunnel(mtu: 1280, withPresharedKey: false).WireGuard);

        text.Should().NotContain("Address").And.NotContain("DNS").And.NotContain("MTU").And.NotContain("PresharedKey");
    }

    [Fact]
    public void Every_peer_gets_its_own_section()
    {
        var config = Samples.Tunnel().WireGuard with
        {
            Peers =
            [
                new WireGuardPeer("cGVlci1vbmUtcHVibGljLWtleS1mb3ItdGVzdHMtMDA=", null, ["10.0.0.0/8"], null, null),
                new WireGuardPeer("cGVlci10d28tcHVibGljLWtleS1mb3ItdGVzdHMtMDA=", "[2001:db8::1]:51820", ["fd00::/8"], null, null),
            ],
        };

        var text = WgSetconfText.Render(config);

        text.Split("[Peer]").Should().HaveCount(3);
        text.Should().Contain("Endpoint = [2001:db8::1]:51820").And.NotContain("PersistentKeepalive");
    }

    [Fact]
    public void A_value_that_would_add_lines_of_its_own_is_refused()
    {
        var config = Samples.Tunnel().WireGuard with
        {
            Peers = [new WireGuardPeer(Samples.PeerPublicKey, "198.51.100.1:51820\nPrivateKey = x", ["0.0.0.0/0"], null, null)],
        };

        var act = () => WgSetconfText.Render(config);

        act.Should().Throw<ArgumentException>().WithMessage("WireGuard Endpoint*line break*");
    }

    [Fact]
    public void A_bad_private_key_is_refused_without_quoting_it()
    {
        var config = Samples.Tunnel().WireGuard with { PrivateKey = new Secret("secret-part\nListenPort = 1") };

        var act = () => WgSetconfText.Render(config);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("PrivateKey").And.NotContain("secret-part");
    }
}
