using System.Runtime.InteropServices;
using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Watching;

/// <summary>
/// Reads rtnetlink notifications and tells which ones may be drift. Only what takes something
/// away counts: a link removed or set down, an address or a route removed. What a pass builds
/// (new links, addresses, routes, a link coming up) is not drift, and ignoring it keeps a
/// pass's own work from queueing another pass. A new link is announced down (it is created down),
/// but with every flag marked as changed, which tells it from a link that was set down.
/// </summary>
internal static class RouteNotification
{
    private const uint InterfaceUp = 0x1; // IFF_UP

    // ifinfomsg.ifi_change of a link the namespace has just gained (created, or moved in): the kernel
    // reports every flag as changed. Such a link is down because it is new, not because it went down.
    private const uint NewLinkChange = 0xffffffff;

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
        NetlinkConstants.NewLink when WentDown(message.Payload) => $"link {LinkName(message.Payload)} down",
        NetlinkConstants.DelAddress => "an address was removed",
        NetlinkConstants.DelRoute => "a route was removed",
        // The socket's queue overflowed: notifications were lost, so anything may have changed.
        NetlinkConstants.Overrun => "notifications were lost",
        _ => null,
    };

    /// <summary>
    /// IFF_UP is clear and is among the flags this notification changed: the link was up and was set
    /// down. A link the namespace just gained (change all ones) or a down link whose other attributes
    /// changed (IFF_UP not in the change) has not gone down now.
    /// </summary>
    private static bool WentDown(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < NetlinkLink.FixedLength)
        {
            return false;
        }

        var flags = MemoryMarshal.Read<uint>(payload[8..]);
        var change = MemoryMarshal.Read<uint>(payload[12..]);
        return (flags & InterfaceUp) == 0 && (change & InterfaceUp) != 0 && change != NewLinkChange;
    }

    private static string LinkName(ReadOnlySpan<byte> payload) =>
        payload.Length >= NetlinkLink.FixedLength && NetlinkLink.Parse(payload) is { } link ? link.Name : "?";
}
