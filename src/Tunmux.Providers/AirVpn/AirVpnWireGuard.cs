using System.Net;
using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The WireGuard config of one AirVPN connection: the device's key, addresses and DNS; the
/// account's server key as the peer; the server's entry IP for the mode, at the mode's port.
/// MTU 1320 and keepalive 15 s are AirVPN's own generator defaults.
/// </summary>
public static class AirVpnWireGuard
{
    public const int Mtu = 1320;
    public const int PersistentKeepalive = 15;
    public static readonly IReadOnlyList<string> AllowedIps = ["0.0.0.0/0", "::/0"];

    public static WireGuardConfig Build(AirVpnUser user, AirVpnDeviceKey device, AirVpnServer server, AirVpnMode mode)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(server);
        var entry = server.EntryIpFor(mode) ?? throw new AirVpnApiException($"AirVPN server {server.Name} lists no entry address.");
        return new WireGuardConfig(
            device.WireGuardPrivateKey,
            [.. new[] { WithPrefix(device.Ipv4, 32), WithPrefix(device.Ipv6, 128) }.Where(a => a.Length > 0)],
            [.. new[] { device.DnsIpv4, device.DnsIpv6 }.Where(d => d.Length > 0)],
            Mtu,
            [new WireGuardPeer(user.WireGuardPublicKey, Endpoint(entry, mode.Port), AllowedIps, device.PresharedKey, PersistentKeepalive)]);
    }

    public static string Endpoint(string address, int port) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{address}]:{port}"
            : $"{address}:{port}";

    private static string WithPrefix(string address, int bits) =>
        address.Length == 0 || address.Contains('/', StringComparison.Ordinal) ? address : $"{address}/{bits}";
}
