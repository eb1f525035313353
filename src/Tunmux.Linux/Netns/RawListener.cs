using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Tunmux.Linux.Netns.SocketConstants;

namespace Tunmux.Linux.Netns;

/// <summary>
/// socket, setsockopt, bind and listen as bare system calls, for the thread that has entered
/// another namespace. That thread must do nothing else: a new thread is born in the namespace
/// of the thread that starts it, and .NET starts threads where one does not see it (the first
/// <c>new Socket</c> in a process starts the socket engine's event thread, which later starts
/// thread-pool workers). Started from inside the host namespace, those threads would open a
/// proxy's outbound connections in the host namespace: outside the tunnel.
/// </summary>
internal static partial class RawListener
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6V6Only = 26;

    /// <summary>
    /// A bound socket (listening, for TCP) as a descriptor, or -1 with the errno of the step that
    /// failed. <paramref name="address"/> is the binding's <see cref="NativeSocketAddress"/>, encoded
    /// beforehand so that nothing here can throw and strand a descriptor.
    /// </summary>
    public static (int Fd, int Errno) Open(SocketBinding binding, byte[] address)
    {
        var isUdp = binding.Protocol == ProtocolType.Udp;
        var isV6 = binding.EndPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var fd = Socket(isV6 ? AfInet6 : AfInet, (isUdp ? SockDgram : SockStream) | SockCloexec, isUdp ? IpProtoUdp : IpProtoTcp);
        if (fd < 0)
        {
            return (-1, Marshal.GetLastPInvokeError());
        }

        // [::] must not also take the IPv4 port: 0.0.0.0 is bound separately when wanted.
        // SO_REUSEADDR alone lets a restarted worker bind while old connections sit in TIME_WAIT,
        // while a live listener still conflicts (SO_REUSEPORT, which .NET's ReuseAddress also
        // sets, would let two workers share one port).
        var succeeded = (!isV6 || SetOption(fd, IpProtoIpv6, Ipv6V6Only, 1) == 0)
            && (isUdp || SetOption(fd, SolSocket, SoReuseAddr, 1) == 0)
            && Bind(fd, address, address.Length) == 0
            && (isUdp || Listen(fd, binding.Backlog) == 0);
        if (succeeded)
        {
            return (fd, 0);
        }

        var errno = Marshal.GetLastPInvokeError();
        _ = Close(fd);
        return (-1, errno);
    }

    /// <summary>Closes a descriptor that <see cref="Open"/> returned and nothing adopted.</summary>
    public static void CloseUnadopted(int fd) => _ = Close(fd);

    private static int SetOption(int fd, int level, int name, int value) => SetSocketOption(fd, level, name, ref value, sizeof(int));

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSocketOption(int fd, int level, int name, ref int value, int length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte[] address, int length);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    private static partial int Listen(int fd, int backlog);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
