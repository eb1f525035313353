using Tunmux.Core.Model;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>Tunnels with made-up (well-formed) keys.</summary>
public static class Samples
{
    public const string PrivateKey = "cFRzNnhVcGRkSzlCUGRGTUpiUTJtYlZZSUxPbmJJaz0=";
    public const string PresharedKey = "cHNrLXByZXNoYXJlZC1rZXktZm9yLXRlc3RzLTAwMDA=";
    public const string PeerPublicKey = "c2VydmVyLXB1YmxpYy1rZXktZm9yLXRlc3RzLTAwMDA=";

    public static DesiredTunnel Tunnel(
        string name = "alpha",
        BackendKind backend = BackendKind.Auto,
        IReadOnlyList<string>? addresses = null,
        IReadOnlyList<string>? dns = null,
        int? mtu = null,
        bool withPresharedKey = true) =>
        new(name, "wireguard", TunnelMode.Proxy, backend, new WireGuardConfig(
            new Secret(PrivateKey),
            addresses ?? ["10.2.0.2/32"],
            dns ?? ["10.2.0.1"],
            mtu,
            [new WireGuardPeer(PeerPublicKey, "198.51.100.1:51820", ["0.0.0.0/0", "::/0"], withPresharedKey ? new Secret(PresharedKey) : null, 25)]));
}
