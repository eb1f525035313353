using System.Runtime.InteropServices;
using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Watching;

/// <summary>
/// Reads rtnetlink notifications and tells which ones may be drift. Only what takes something
/// away counts: a link removed or set down, an address or a route removed. What a pass builds
/// (new links, addresses, routes, a link coming up) is not drift, and ignoring it keeps a
/// pass's own work from queueing another pass.
/// </summary>
internal static class RouteNotification
{
    private const uint InterfaceUp = 0x1; // IFF_UP

    /// <summary>The first notification in <paramref name="datagram"/> that may be drift, as a reason; null when none is.</summary>
    public static string? FirstDrift(ReadOnlySpan<byte> datagram)
    {
        foreach (var message in new NetlinkMessages(datagram))
        {
            if (Describe(message) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? Describe(NetlinkMessage message) => message.Type switch
    {
        NetlinkConstants.DelLink => $"link {LinkName(message.Payload)} removed",
        NetlinkConstants.NewLink when message.Payload.Length >= NetlinkLink.FixedLength && (MemoryMarshal.Read<uint>(message.Payload[8..]) & InterfaceUp) == 0
            => $"link {LinkName(message.Payload)} down",
        NetlinkConstants.DelAddress => "an address was removed",
        NetlinkConstants.DelRoute => "a route was removed",
        // The socket's queue overflowed: notifications were lost, so anything may have changed.
        NetlinkConstants.Overrun => "notifications were lost",
        _ => null,
    };

    private static string LinkName(ReadOnlySpan<byte> payload) =>
        payload.Length >= NetlinkLink.FixedLength && NetlinkLink.Parse(payload) is { } link ? link.Name : "?";
}
