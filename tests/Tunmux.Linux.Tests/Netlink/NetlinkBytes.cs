using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Tunmux.Linux.Tests.Netlink;

/// <summary>
/// Builds netlink messages byte by byte, following the kernel's struct layouts (host byte
/// order, 4-byte alignment): struct nlmsghdr, ifinfomsg, rtmsg, inet_diag_msg and rtattr.
/// Written independently of the code under test, so a layout mistake there shows up here.
/// </summary>
internal static class NetlinkBytes
{
    public const ushort NewLink = 16;
    public const ushort NewRoute = 24;
    public const ushort Done = 3;
    public const ushort Error = 2;
    public const ushort Overrun = 4;
    public const ushort Multi = 0x2;

    /// <summary>struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; } then the payload, padded to 4.</summary>
    public static byte[] Message(ushort type, uint sequence, byte[] payload, ushort flags = Multi)
    {
        var length = 16 + payload.Length;
        var bytes = new byte[Pad(length)];
        Write(bytes, 0, (uint)length);
        Write(bytes, 4, type);
        Write(bytes, 6, flags);
        Write(bytes, 8, sequence);
        Write(bytes, 12, 4242u);
        payload.CopyTo(bytes, 16);
        return bytes;
    }

    /// <summary>struct rtattr { u16 rta_len; u16 rta_type; } then the value, padded to 4.</summary>
    public static byte[] Attribute(ushort type, byte[] value)
    {
        var bytes = new byte[Pad(4 + value.Length)];
        Write(bytes, 0, (ushort)(4 + value.Length));
        Write(bytes, 2, type);
        value.CopyTo(bytes, 4);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        Write(bytes, 0, value);
        return bytes;
    }

    public static byte[] NulTerminated(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    /// <summary>struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; } then attributes.</summary>
    public static byte[] Link(int index, uint flags, params byte[][] attributes) => LinkChanged(index, flags, 0xffffffffu, attributes);

    /// <summary>As <see cref="Link"/>, with ifi_change (the flags this notification changed; all ones for a new link or a dump).</summary>
    public static byte[] LinkChanged(int index, uint flags, uint change, params byte[][] attributes)
    {
        var header = new byte[16];
        Write(header, 2, (ushort)65534); // ARPHRD_NONE, as a WireGuard interface has
        Write(header, 4, index);
        Write(header, 8, flags);
        Write(header, 12, change);
        return Concat([header, .. attributes]);
    }

    /// <summary>struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; } then attributes.</summary>
    public static byte[] Route(byte family, byte destinationLength, byte table, byte type, params byte[][] attributes)
    {
        byte[] header = [family, destinationLength, 0, 0, table, 4 /* RTPROT_STATIC */, 253 /* RT_SCOPE_LINK */, type, 0, 0, 0, 0];
        return Concat([header, .. attributes]);
    }

    /// <summary>struct inet_diag_msg: u8 family, state, timer, retrans; inet_diag_sockid (be16 sport, be16 dport, ...); five u32.</summary>
    public static byte[] InetDiag(byte family, byte state, ushort localPort)
    {
        var bytes = new byte[72];
        bytes[0] = family;
        bytes[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), localPort);
        return bytes;
    }

    public static byte[] ErrorPayload(int error) => Concat([U32((uint)error), new byte[16]]);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    private static int Pad(int length) => (length + 3) / 4 * 4;

    private static void Write<T>(byte[] bytes, int offset, T value)
        where T : struct => MemoryMarshal.Write(bytes.AsSpan(offset), in value);
}
