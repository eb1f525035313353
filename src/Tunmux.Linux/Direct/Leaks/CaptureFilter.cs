using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// The tcpdump (BPF) expression for "anything that should not be on the uplink": every packet but
/// ARP, IPv6 neighbour discovery (ICMPv6 133-137, which stays on the link) and UDP to an allowed
/// WireGuard endpoint. Built only from parsed addresses and numbers, never from free text.
/// </summary>
public static class CaptureFilter
{
    public static string For(IReadOnlyList<IPEndPoint> allowedEndpoints)
    {
        ArgumentNullException.ThrowIfNull(allowedEndpoints);
        var parts = new List<string> { "not arp", "not (icmp6 and ip6[40] >= 133 and ip6[40] <= 137)" };
        foreach (var endpoint in allowedEndpoints.Distinct())
        {
            var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6 dst host" : "ip dst host";
            parts.Add($"not (udp and {host} {endpoint.Address} and dst port {endpoint.Port})");
        }

        return string.Join(" and ", parts);
    }
}
