using Tunmux.Api.Model;

namespace Tunmux.Core.Model;

/// <summary>A tunnel as it should exist on the host, resolved from its manifest.</summary>
public sealed record DesiredTunnel(
    string Name,
    string Provider,
    TunnelMode Mode,
    BackendKind Backend,
    WireGuardConfig WireGuard)
{
    /// <summary>Changes whenever anything that requires rebuilding the tunnel changes, keys included.</summary>
    public string SpecHash => SpecHashing.Of(
        "tunnel/v1", Provider, Mode.ToString(), Backend.ToString(),
        WireGuard.PrivateKey.Digest(),
        string.Join(',', WireGuard.Addresses), string.Join(',', WireGuard.Dns),
        WireGuard.Mtu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        string.Join(';', WireGuard.Peers.Select(p => string.Join('|',
            p.PublicKey, p.Endpoint ?? "", string.Join(',', p.AllowedIps),
            p.PresharedKey?.Digest() ?? "",
            p.PersistentKeepalive?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""))));
}
