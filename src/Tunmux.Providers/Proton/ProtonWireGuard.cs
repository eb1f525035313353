using Tunmux.Core.Model;
using Tunmux.Providers.Proton.Servers;

namespace Tunmux.Providers.Proton;

/// <summary>The WireGuard side of every Proton server: fixed inner addresses, full routes, the derived key.</summary>
public static class ProtonWireGuard
{
    public const string Address = "10.2.0.2/32";
    public const string Dns = "10.2.0.1";

    public static WireGuardConfig Config(Secret privateKey, PhysicalServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new WireGuardConfig(
            privateKey,
            [Address],
            [Dns],
            Mtu: null,
            [new WireGuardPeer(server.X25519PublicKey!, server.Endpoint, ["0.0.0.0/0", "::/0"], PresharedKey: null, PersistentKeepalive: 25)]);
    }
}
