using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Sends one UDP datagram with bare system calls (socket, sendto, close), for a thread that has
/// entered another namespace. A managed <see cref="Socket"/> there could be the first in the
/// process and start runtime threads inside the namespace (see <see cref="RawListener"/>).
/// </summary>
internal static partial class RawDatagram
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const int IpProtoUdp = 17;
    private const int MsgDontWait = 0x40;

    /// <summary>Sends <paramref name="payload"/> to <paramref name="target"/>; returns 0 or the errno of the step that failed.</summary>
    public static int SendOne(IPEndPoint target, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(payload);
        var address = NativeSocketAddress.Encode(target);
        var family = target.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;
        var fd = Socket(family, SockDgram | SockCloexec, IpProtoUdp);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        var sent = SendTo(fd, payload, payload.Length, MsgDontWait, address, address.Length);
        var errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        _ = Close(fd);
        return errno;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, byte[] buffer, nint length, int flags, byte[] address, int addressLength);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
