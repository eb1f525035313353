using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// The tcpdump (BPF) expression for "anything that should not be on the uplink": every packet but
/// ARP, IPv6 neighbour discovery (ICMPv6 133-137, which stays on the link), multicast listener
/// reports and queries (MLD, ICMPv6 130-132 and 143) to a link-scope group, and UDP to an allowed
/// WireGuard endpoint. Built only from parsed addresses and numbers, never from free text.
/// </summary>
/// <remarks>
/// The kernel sends MLD reports on its own whenever a link comes up (they keep switches that snoop
/// MLD delivering neighbour discovery); they never leave the link and carry no traffic of the
/// host's, so counting them made a fresh uplink look leaky. MLD always travels behind a hop-by-hop
/// header (Router Alert, RFC 2711), so its ICMPv6 type is not at the first byte after the IPv6 header
/// as neighbour discovery's is: the clause reads the hop-by-hop header (next header 0 in the IPv6
/// header, byte 6), its next header (58, ICMPv6) and length (0: 8 bytes), then the type at byte 48.
/// </remarks>
public static class CaptureFilter
{
    private const string NeighbourDiscovery = "not (icmp6 and ip6[40] >= 133 and ip6[40] <= 137)";

    private const string LinkScopeMulticastListener =
        "not (ip6 dst net ff02::/16 and ip6[6] == 0 and ip6[40] == 58 and ip6[41] == 0"
        + " and ((ip6[48] >= 130 and ip6[48] <= 132) or ip6[48] == 143))";

    public static string For(IReadOnlyList<IPEndPoint> allowedEndpoints)
    {
        ArgumentNullException.ThrowIfNull(allowedEndpoints);
        var parts = new List<string> { "not arp", NeighbourDiscovery, LinkScopeMulticastListener };
        foreach (var endpoint in allowedEndpoints.Distinct())
        {
            var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6 dst host" : "ip dst host";
            parts.Add($"not (udp and {host} {endpoint.Address} and dst port {endpoint.Port})");
        }

        return string.Join(" and ", parts);
    }
}
