using System.Globalization;
using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>One network interface as an RTM_NEWLINK message describes it.</summary>
/// <param name="AdminUp">IFF_UP: what <c>ip link</c> shows as the flag "UP".</param>
/// <param name="OperState">IFLA_OPERSTATE in iproute2's words ("UP", "DOWN", "UNKNOWN", ...), or null when absent.</param>
public sealed record NetlinkLink(int Index, string Name, bool AdminUp, string? OperState, int? Mtu)
{
    /// <summary>sizeof(struct ifinfomsg): u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change.</summary>
    internal const int FixedLength = 16;

    private const uint InterfaceUp = 0x1; // IFF_UP
    private const ushort NameAttribute = 3; // IFLA_IFNAME
    private const ushort MtuAttribute = 4; // IFLA_MTU
    private const ushort OperStateAttribute = 16; // IFLA_OPERSTATE

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
            }
        }

        return name is null ? null : new NetlinkLink(index, name, (flags & InterfaceUp) != 0, operState, mtu);
    }

    private static string OperStateName(byte state) =>
        state < OperStates.Length ? OperStates[state] : state.ToString(CultureInfo.InvariantCulture);
}
