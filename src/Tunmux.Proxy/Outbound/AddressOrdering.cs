using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Outbound;

internal static class AddressOrdering
{
    /// <summary>
    /// IPv4 first, then IPv6, each in resolver order, duplicates removed. Exits often have no working
    /// IPv6 route, so trying it first would cost a timeout on every dual-stack name.
    /// </summary>
    public static IReadOnlyList<IPAddress> PreferIPv4(IEnumerable<IPAddress> addresses)
    {
        var normalized = addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Distinct().ToList();
        return normalized.Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Concat(normalized.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6))
            .ToList();
    }
}
