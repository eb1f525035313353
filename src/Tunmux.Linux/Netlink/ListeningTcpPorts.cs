using System.Buffers.Binary;

namespace Tunmux.Linux.Netlink;

/// <summary>
/// TCP ports with a listening socket in a namespace, from NETLINK_SOCK_DIAG dumps filtered to
/// the LISTEN state (IPv4 and IPv6). Unlike reading /proc/net/tcp, which walks the kernel's
/// whole established-connection hash (shared by every namespace), this walks only the
/// listening sockets.
/// </summary>
public static class ListeningTcpPorts
{
    /// <summary>sizeof(struct inet_diag_msg) up to the source port: u8 family, state, timer, retrans, then be16 sport.</summary>
    internal const int MinimumReplyLength = 6;

    private const byte ListenState = 10; // TCP_LISTEN
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads the namespace at <paramref name="namespacePath"/>, or this thread's own when it is null.</summary>
    public static IReadOnlySet<int> Read(string? namespacePath)
    {
        using var socket = NetlinkSocket.Open(NetlinkConstants.NetlinkSockDiag, namespacePath, Timeout);
        var ports = new HashSet<int>();
        foreach (var family in new[] { (byte)NetlinkConstants.AfInet, (byte)NetlinkConstants.AfInet6 })
        {
            socket.Dump(NetlinkRequest.ListeningTcp(NetlinkSocket.NextSequence(), family), NetlinkConstants.SockDiagByFamily, payload =>
            {
                if (ListeningPort(payload) is { } port)
                {
                    ports.Add(port);
                }
            });
        }

        return ports;
    }

    /// <summary>The local port of an inet_diag_msg for a listening socket, else null.</summary>
    internal static int? ListeningPort(ReadOnlySpan<byte> payload) =>
        payload.Length >= MinimumReplyLength && payload[1] == ListenState
            ? BinaryPrimitives.ReadUInt16BigEndian(payload[4..])
            : null;
}
