using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Core.Direct.Routing;
using Tunmux.Core.Model;

namespace Tunmux.Core.Direct.Backends;

/// <summary>
/// Everything that brings a direct tunnel up, per backend, as data: the interface steps, then the
/// routing. The kernel and userspace backends differ only in how the interface is created; wg-quick
/// gets a config with <c>FwMark</c> set to tunmux's mark (so it picks the same table) and does its
/// own routing, which is the point of choosing it. DNS is never left to wg-quick (it would need
/// resolvconf): tunmux sets it for every backend alike.
/// </summary>
public sealed record DirectTunnelPlan(DirectBackend Backend, IReadOnlyList<DeviceStep> Device, IReadOnlyList<RouteStep> Routing)
{
    public static DirectTunnelPlan Up(DirectBackend backend, string interfaceName, WireGuardConfig config, string wgQuickConfigPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ipv6 = CarriesIpv6(config);
        var allowed = config.Peers.SelectMany(p => p.AllowedIps).Distinct().ToList();
        if (backend == DirectBackend.WgQuick)
        {
            return new DirectTunnelPlan(backend,
                [new DeviceStep.WriteWgQuickConfig(wgQuickConfigPath, WgQuickText(config, masked: true)), new DeviceStep.WgQuickUp(wgQuickConfigPath)],
                []);
        }

        var device = new List<DeviceStep>
        {
            backend == DirectBackend.Kernel ? new DeviceStep.CreateKernelLink(interfaceName) : new DeviceStep.StartWireGuardGo(interfaceName),
            new DeviceStep.SetConf(interfaceName, SetConfText(config, masked: true)),
        };
        device.AddRange(config.Addresses.Select(a => new DeviceStep.AddAddress(interfaceName, a)));
        device.Add(new DeviceStep.LinkUp(interfaceName, config.Mtu));
        return new DirectTunnelPlan(backend, device, DirectRouting.Up(interfaceName, allowed, ipv6));
    }

    /// <summary>IPv6 goes through the tunnel only when the interface has an IPv6 address and a peer takes IPv6.</summary>
    public static bool CarriesIpv6(WireGuardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Addresses.Any(IsV6) && config.Peers.SelectMany(p => p.AllowedIps).Any(IsV6);
    }

    /// <summary><c>wg setconf</c> input with tunmux's mark; keys in clear unless <paramref name="masked"/>.</summary>
    public static string SetConfText(WireGuardConfig config, bool masked)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        text.Append("PrivateKey = ").Append(masked ? Secret.Redacted : config.PrivateKey.Reveal()).Append('\n');
        text.Append("FwMark = ").Append(DirectMarks.MarkText).Append('\n');
        AppendPeers(text, config, masked);
        return text.ToString();
    }

    /// <summary>A wg-quick file: the interface part (addresses, MTU, mark), then the peers; no DNS, no hooks.</summary>
    public static string WgQuickText(WireGuardConfig config, bool masked)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        text.Append("PrivateKey = ").Append(masked ? Secret.Redacted : config.PrivateKey.Reveal()).Append('\n');
        foreach (var address in config.Addresses)
        {
            text.Append("Address = ").Append(address).Append('\n');
        }

        if (config.Mtu is { } mtu)
        {
            text.Append("MTU = ").Append(mtu.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("FwMark = ").Append(DirectMarks.MarkText).Append('\n');
        AppendPeers(text, config, masked);
        return text.ToString();
    }

    private static void AppendPeers(StringBuilder text, WireGuardConfig config, bool masked)
    {
        foreach (var peer in config.Peers)
        {
            text.Append("\n[Peer]\n");
            text.Append("PublicKey = ").Append(peer.PublicKey).Append('\n');
            if (peer.PresharedKey is { } presharedKey)
            {
                text.Append("PresharedKey = ").Append(masked ? Secret.Redacted : presharedKey.Reveal()).Append('\n');
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(endpoint).Append('\n');
            }

            text.Append("AllowedIPs = ").Append(string.Join(", ", peer.AllowedIps)).Append('\n');
            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("PersistentKeepalive = ").Append(keepalive.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static bool IsV6(string cidr) =>
        IPAddress.TryParse(cidr.Split('/')[0], out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
}
