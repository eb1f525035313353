using Tunmux.Core.Model;
using Tunmux.Core.WireGuard;

namespace Tunmux.Core.Tests.WireGuard;

public sealed class WgSetConfTests
{
    [Fact]
    public void Only_keys_port_and_peers_are_written_because_wg_setconf_rejects_wg_quick_settings()
    {
        var config = new WireGuardConfig(new Secret(TestKeys.Private), ["10.66.1.2/32"], ["198.19.255.1"], 1420,
            [new WireGuardPeer(TestKeys.ServerPublic, "198.18.1.2:51820", ["0.0.0.0/0", "::/0"], new Secret(TestKeys.Preshared), 25)]);

        var text = WgSetConf.Render(config, listenPort: 51820);

        text.Should().Be(
            "[Interface]\n" +
            $"PrivateKey = {TestKeys.Private}\n" +
            "ListenPort = 51820\n" +
            "\n" +
            "[Peer]\n" +
            $"PublicKey = {TestKeys.ServerPublic}\n" +
            $"PresharedKey = {TestKeys.Preshared}\n" +
            "Endpoint = 198.18.1.2:51820\n" +
            "AllowedIPs = 0.0.0.0/0, ::/0\n" +
            "PersistentKeepalive = 25\n");
    }

    [Fact]
    public void Without_a_listen_port_or_endpoint_those_lines_are_left_out()
    {
        var config = new WireGuardConfig(new Secret(TestKeys.Private), ["10.66.1.1/24"], [], null,
            [new WireGuardPeer(TestKeys.OtherPublic, null, ["10.66.1.2/32"], null, null)]);

        var text = WgSetConf.Render(config);

        text.Should().NotContain("ListenPort").And.NotContain("Endpoint").And.NotContain("Address");
        text.Should().EndWith($"PublicKey = {TestKeys.OtherPublic}\nAllowedIPs = 10.66.1.2/32\n");
    }
}
