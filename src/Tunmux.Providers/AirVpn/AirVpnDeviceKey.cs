using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>One AirVPN device: its WireGuard private key, tunnel addresses, DNS and preshared key.</summary>
public sealed record AirVpnDeviceKey
{
    public string Name { get; init; } = "";

    public required Secret WireGuardPrivateKey { get; init; }

    public string Ipv4 { get; init; } = "";

    public string Ipv6 { get; init; } = "";

    public string DnsIpv4 { get; init; } = "";

    public string DnsIpv6 { get; init; } = "";

    public Secret? PresharedKey { get; init; }
}
