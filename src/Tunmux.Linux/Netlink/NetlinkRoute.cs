using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>One route as an RTM_NEWROUTE message describes it (the fields tunmux looks at).</summary>
/// <param name="Table">RTA_TABLE when present (tables above 255 need it), else rtm_table.</param>
/// <param name="Type">rtm_type: 1 is an ordinary (unicast) route, 7 unreachable, ...</param>
/// <param name="OutputInterface">RTA_OIF, the index of the route's device; null for multipath routes.</param>
public sealed record NetlinkRoute(byte Family, byte DestinationLength, uint Table, byte Type, int? OutputInterface)
{
    public const uint MainTable = 254; // RT_TABLE_MAIN
    public const byte Unicast = 1; // RTN_UNICAST

    /// <summary>sizeof(struct rtmsg): eight u8 fields (family .. type) and u32 flags.</summary>
    internal const int FixedLength = 12;

    private const ushort OutputInterfaceAttribute = 4; // RTA_OIF
    private const ushort TableAttribute = 15; // RTA_TABLE

    /// <summary>What <c>ip route show default</c> lists as "default ... dev IF": IPv4, main table, /0, unicast.</summary>
    public bool IsDefaultIPv4Via(int interfaceIndex) =>
        Family == NetlinkConstants.AfInet && DestinationLength == 0 && Table == MainTable && Type == Unicast
        && OutputInterface == interfaceIndex;

    /// <summary>The route in an RTM_NEWROUTE payload, or null when it is too short.</summary>
    internal static NetlinkRoute? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedLength)
        {
            return null;
        }

        uint table = payload[4];
        int? outputInterface = null;
        foreach (var attribute in new NetlinkAttributes(payload[FixedLength..]))
        {
            switch (attribute.Type)
            {
                case TableAttribute when attribute.AsUInt32() is { } value:
                    table = value;
                    break;
                case OutputInterfaceAttribute when attribute.Value.Length >= 4:
                    outputInterface = MemoryMarshal.Read<int>(attribute.Value);
                    break;
            }
        }

        return new NetlinkRoute(payload[0], payload[1], table, payload[7], outputInterface);
    }
}
