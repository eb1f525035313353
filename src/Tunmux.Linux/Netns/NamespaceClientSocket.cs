using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Tunmux.Linux.Netns.SocketConstants;

namespace Tunmux.Linux.Netns;

/// <summary>
/// An unconnected TCP or UDP socket that belongs to another network namespace: its traffic uses that
/// namespace's routes (a tunnel's, whose only way out is the tunnel). Only the socket() system call
/// runs on the thread inside the namespace, for the reason <see cref="RawListener"/> gives; the
/// descriptor becomes a <see cref="Socket"/> back in our own namespace, where connecting and all
/// I/O happen on the runtime's usual threads.
/// </summary>
public static partial class NamespaceClientSocket
{

    /// <summary>Throws <see cref="NetworkNamespaceException"/> when the namespace cannot be entered, <see cref="SocketException"/> when socket() fails.</summary>
    public static Socket CreateTcp(string namespacePath, AddressFamily family) => Create(namespacePath, family, SockStream, IpProtoTcp);

    /// <inheritdoc cref="CreateTcp"/>
    public static Socket CreateUdp(string namespacePath, AddressFamily family) => Create(namespacePath, family, SockDgram, IpProtoUdp);

    private static Socket Create(string namespacePath, AddressFamily family, int type, int protocol)
    {
        ArgumentNullException.ThrowIfNull(namespacePath);
        var domain = family switch
        {
            AddressFamily.InterNetwork => AfInet,
            AddressFamily.InterNetworkV6 => AfInet6,
            _ => throw new ArgumentException($"{family} is neither IPv4 nor IPv6", nameof(family)),
        };
        var (fd, errno) = NetworkNamespace.RunInside(namespacePath, () =>
        {
            var opened = OpenSocket(domain, type | SockCloexec, protocol);
            return (opened, opened < 0 ? Marshal.GetLastPInvokeError() : 0);
        });
        if (fd < 0)
        {
            throw new SocketException((int)SocketErrno.ToSocketError(errno), new Win32Exception(errno).Message);
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            return new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int OpenSocket(int domain, int type, int protocol);
}
