using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>Dump requests as bytes: an nlmsghdr with NLM_F_REQUEST | NLM_F_DUMP, then the family's fixed header.</summary>
internal static class NetlinkRequest
{
    /// <summary>sizeof(struct inet_diag_req_v2): u8 family, u8 protocol, u8 ext, u8 pad, u32 states, struct inet_diag_sockid (48).</summary>
    public const int InetDiagRequestLength = 56;

    private const byte TcpProtocol = 6; // IPPROTO_TCP
    private const int TcpListenState = 10; // TCP_LISTEN

    /// <summary>RTM_GETLINK for every interface of the socket's namespace.</summary>
    public static byte[] Links(uint sequence) =>
        Dump(NetlinkConstants.GetLink, sequence, new byte[NetlinkLink.FixedLength]);

    /// <summary>RTM_GETROUTE for every route of one address family (all tables).</summary>
    public static byte[] Routes(uint sequence, byte family)
    {
        var rtmsg = new byte[NetlinkRoute.FixedLength];
        rtmsg[0] = family;
        return Dump(NetlinkConstants.GetRoute, sequence, rtmsg);
    }

    /// <summary>
    /// SOCK_DIAG_BY_FAMILY for TCP sockets in LISTEN only. The kernel then walks only its listening
    /// hash, not the established one that reading /proc/net/tcp walks whole.
    /// </summary>
    public static byte[] ListeningTcp(uint sequence, byte family)
    {
        var request = new byte[InetDiagRequestLength];
        request[0] = family;
        request[1] = TcpProtocol;
        MemoryMarshal.Write(request.AsSpan(4), 1u << TcpListenState);
        return Dump(NetlinkConstants.SockDiagByFamily, sequence, request);
    }

    private static byte[] Dump(ushort type, uint sequence, ReadOnlySpan<byte> body)
    {
        var length = NetlinkConstants.HeaderLength + body.Length;
        var message = new byte[NetlinkConstants.Align(length)];
        MemoryMarshal.Write(message, (uint)length);
        MemoryMarshal.Write(message.AsSpan(4), type);
        MemoryMarshal.Write(message.AsSpan(6), (ushort)(NetlinkConstants.Request | NetlinkConstants.Dump));
        MemoryMarshal.Write(message.AsSpan(8), sequence);
        body.CopyTo(message.AsSpan(NetlinkConstants.HeaderLength));
        return message;
    }
}
