using System.Globalization;
using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>One network interface as an RTM_NEWLINK message describes it.</summary>
/// <param name="AdminUp">IFF_UP: what <c>ip link</c> shows as the flag "UP".</param>
/// <param name="OperState">IFLA_OPERSTATE in iproute2's words ("UP", "DOWN", "UNKNOWN", ...), or null when absent.</param>
public sealed record NetlinkLink(int Index, string Name, bool AdminUp, string? OperState, int? Mtu)
{
    /// <summary>
    /// IFLA_INFO_KIND inside IFLA_LINKINFO ("wireguard", "tun", "veth", ...): what `ip -d link`
    /// shows after the flags. Null for a link without one (a physical device, loopback) and for a
    /// malformed IFLA_LINKINFO, so code that acts on a kind never acts on a guess.
    /// </summary>
    public string? Kind { get; init; }

    /// <summary>sizeof(struct ifinfomsg): u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change.</summary>
    internal const int FixedLength = 16;

    private const uint InterfaceUp = 0x1; // IFF_UP
    private const ushort NameAttribute = 3; // IFLA_IFNAME
    private const ushort MtuAttribute = 4; // IFLA_MTU
    private const ushort OperStateAttribute = 16; // IFLA_OPERSTATE
    private const ushort LinkInfoAttribute = 18; // IFLA_LINKINFO, nested
    private const ushort InfoKindAttribute = 1; // IFLA_INFO_KIND, inside IFLA_LINKINFO

    // RFC 2863 operational states, indexed by their value (IF_OPER_*), named as iproute2 names them.
    private static readonly string[] OperStates = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"];

    /// <summary>The link in an RTM_NEWLINK payload, or null when it is too short or names no interface.</summary>
    internal static NetlinkLink? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedLength)
        {
            return null;
        }

        var index = MemoryMarshal.Read<int>(payload[4..]);
        var flags = MemoryMarshal.Read<uint>(payload[8..]);
        string? name = null;
        string? operState = null;
        int? mtu = null;
        string? kind = null;
        foreach (var attribute in new NetlinkAttributes(payload[FixedLength..]))
        {
            switch (attribute.Type)
            {
                case NameAttribute:
                    name = attribute.AsString();
                    break;
                case MtuAttribute when attribute.AsUInt32() is { } value:
                    mtu = (int)Math.Min(value, int.MaxValue);
                    break;
                case OperStateAttribute when attribute.Value.Length >= 1:
                    operState = OperStateName(attribute.Value[0]);
                    break;
                case LinkInfoAttribute:
                    kind = KindIn(attribute.Value);
                    break;
            }
        }

        return name is null ? null : new NetlinkLink(index, name, (flags & InterfaceUp) != 0, operState, mtu) { Kind = kind };
    }

    /// <summary>IFLA_INFO_KIND among the attributes nested in IFLA_LINKINFO; null when absent or malformed.</summary>
    private static string? KindIn(ReadOnlySpan<byte> linkInfo)
    {
        try
        {
            foreach (var attribute in new NetlinkAttributes(linkInfo))
            {
                if (attribute.Type == InfoKindAttribute)
                {
                    return attribute.AsString() is { Length: > 0 } kind ? kind : null;
                }
            }
        }
        catch (NetlinkException)
        {
            // A nested length that does not fit: the kind is unknown, the link itself still reads.
        }

        return null;
    }

    private static string OperStateName(byte state) =>
        state < OperStates.Length ? OperStates[state] : state.ToString(CultureInfo.InvariantCulture);
}
