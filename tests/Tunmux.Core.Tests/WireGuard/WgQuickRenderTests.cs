using Tunmux.Core.Model;
using Tunmux.Core.WireGuard;

namespace Tunmux.Core.Tests.WireGuard;

/// <summary>Expectations from /work/shared/vectors/tunmux/wireguard_config_expectations.txt (generate_config).</summary>
public sealed class WgQuickRenderTests
{
    private static WireGuardConfig Config(
        IReadOnlyList<string>? addresses = null, IReadOnlyList<string>? dns = null, int? mtu = null,
        Secret? psk = null, string endpoint = "198.51.100.1:51820") =>
        new(
            new Secret("cFRzNnhVcGRkSzlCUGRGTUpiUTJtYlZZSUxPbmJJaz0="),
            addresses ?? ["10.2.0.2/32"],
            dns ?? ["10.2.0.1"],
            mtu,
            [new WireGuardPeer("c2VydmVyLXB1YmxpYy1rZXk=", endpoint, ["0.0.0.0/0", "::/0"], psk, null)]);

    [Fact]
    public void Basic_config_renders_exactly_like_the_reference_generator()
    {
        var text = WgQuickConfig.Render(Config());

        text.Should().Be(
            "[Interface]\n" +
            "PrivateKey = cFRzNnhVcGRkSzlCUGRGTUpiUTJtYlZZSUxPbmJJaz0=\n" +
            "Address = 10.2.0.2/32\n" +
            "DNS = 10.2.0.1\n" +
            "\n" +
            "[Peer]\n" +
            "PublicKey = c2VydmVyLXB1YmxpYy1rZXk=\n" +
            "AllowedIPs = 0.0.0.0/0, ::/0\n" +
            "Endpoint = 198.51.100.1:51820\n");
    }

    [Fact]
    public void Several_addresses_and_dns_servers_are_comma_lists_and_the_preshared_key_follows_the_public_key()
    {
        var text = WgQuickConfig.Render(Config(
            addresses: ["10.5.0.1/32", "fd7d:76ee:e68f:a993::1/128"],
            dns: ["10.5.0.1", "fd7d:76ee:e68f:a993::1"],
            psk: new Secret("cHNr"),
            endpoint: "198.51.100.1:1637"));

        var lines = text.Split('\n');
        lines.Should().Contain("Address = 10.5.0.1/32, fd7d:76ee:e68f:a993::1/128");
        lines.Should().Contain("DNS = 10.5.0.1, fd7d:76ee:e68f:a993::1");
        lines.Should().Contain("Endpoint = 198.51.100.1:1637");
        var publicKey = Array.IndexOf(lines, "PublicKey = c2VydmVyLXB1YmxpYy1rZXk=");
        lines[publicKey + 1].Should().Be("PresharedKey = cHNr");
    }

    [Fact]
    public void Mtu_line_comes_right_after_dns_in_the_interface_section()
    {
        var lines = WgQuickConfig.Render(Config(mtu: 1280)).Split('\n');

        lines[Array.IndexOf(lines, "DNS = 10.2.0.1") + 1].Should().Be("MTU = 1280");
    }

    [Fact]
    public void Persistent_keepalive_is_written_last_in_its_peer_and_every_peer_gets_its_own_section()
    {
        var config = new WireGuardConfig(new Secret(TestKeys.Private), ["10.0.0.2/32"], [], null,
        [
            new WireGuardPeer(TestKeys.ServerPublic, "198.51.100.1:51820", ["0.0.0.0/0"], null, 25),
            new WireGuardPeer(TestKeys.OtherPublic, null, ["10.9.0.0/24"], null, null),
        ]);

        var text = WgQuickConfig.Render(config);

        text.Should().Contain("Endpoint = 198.51.100.1:51820\nPersistentKeepalive = 25\n\n[Peer]\nPublicKey = " + TestKeys.OtherPublic + "\nAllowedIPs = 10.9.0.0/24\n");
        text.Should().NotContain("DNS");
    }

    [Fact]
    public void A_rendered_config_parses_back_to_the_same_config()
    {
        var config = new WireGuardConfig(new Secret(TestKeys.Private), ["10.66.1.2/32", "fd00::2/128"], ["198.19.255.1"], 1420,
        [
            new WireGuardPeer(TestKeys.ServerPublic, "[2001:db8::1]:51820", ["0.0.0.0/0", "::/0"], new Secret(TestKeys.Preshared), 25),
            new WireGuardPeer(TestKeys.OtherPublic, "vpn.example.com:1637", ["10.9.0.0/24"], null, null),
        ]);

        var parsed = WgQuickConfig.Parse(WgQuickConfig.Render(config));

        parsed.Errors.Should().BeEmpty();
        parsed.Config.Should().NotBeNull();
        WgQuickConfig.Render(parsed.Config!).Should().Be(WgQuickConfig.Render(config));
        parsed.Config!.PrivateKey.Should().Be(config.PrivateKey);
        parsed.Config.Peers[0].PresharedKey.Should().Be(config.Peers[0].PresharedKey);
    }
}
