using Tunmux.Core.Model;
using Tunmux.Core.WireGuard;
using Tunmux.Lab;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabWireGuardTests
{
    private static readonly string ClientKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
    private static readonly string ServerPublic = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray());

    [Fact]
    public void The_client_config_points_everything_at_the_exit_and_uses_lab_dns()
    {
        var text = WgQuickConfig.Render(LabWireGuard.ClientConfig(2, new Secret(ClientKey), ServerPublic));

        text.Should().Be(
            "[Interface]\n" +
            $"PrivateKey = {ClientKey}\n" +
            "Address = 10.66.2.2/32\n" +
            "DNS = 198.19.255.1\n" +
            "\n" +
            "[Peer]\n" +
            $"PublicKey = {ServerPublic}\n" +
            "AllowedIPs = 0.0.0.0/0\n" +
            "Endpoint = 198.18.2.2:51820\n" +
            "PersistentKeepalive = 25\n");
        WgQuickConfig.Parse(text).Errors.Should().BeEmpty();
    }

    [Fact]
    public void The_server_accepts_only_the_clients_tunnel_address_and_listens_on_51820()
    {
        var text = WgSetConf.Render(LabWireGuard.ServerConfig(1, new Secret(ClientKey), ServerPublic), LabAddresses.WireGuardPort);

        text.Should().Contain("ListenPort = 51820\n");
        text.Should().EndWith($"[Peer]\nPublicKey = {ServerPublic}\nAllowedIPs = 10.66.1.2/32, fd66:1::2/128\n");
    }

    [Fact]
    public void The_dual_stack_client_config_adds_an_ipv6_address_and_sends_all_ipv6_through_the_exit()
    {
        var text = WgQuickConfig.Render(LabWireGuard.DualStackClientConfig(12, new Secret(ClientKey), ServerPublic));

        text.Should().Contain("Address = 10.66.12.2/32, fd66:c::2/128\n").And.Contain("AllowedIPs = 0.0.0.0/0, ::/0\n");
        WgQuickConfig.Parse(text).Errors.Should().BeEmpty();
    }
}
