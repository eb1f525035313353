using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>
/// Creates a Unix stream socket bound to a path with socket(2)/bind(2) directly. A .NET Socket
/// bound through UnixDomainSocketEndPoint deletes whatever file is at that path when disposed,
/// even one another process put there; a socket wrapped from a bare descriptor does not, so
/// the server decides itself, by inode, whether the file is still its own.
/// </summary>
internal static partial class UnixSocketBinder
{
    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;

    /// <summary>sizeof(sun_path): the path and its terminating NUL must fit.</summary>
    public const int MaxPathBytes = 107;

    public static unsafe Socket Bind(string path)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (pathBytes.Length > MaxPathBytes || pathBytes.Contains((byte)0))
        {
            throw new ArgumentException($"{path} is longer than {MaxPathBytes} bytes or contains NUL", nameof(path));
        }

        var fd = CreateSocket(AfUnix, SockStream | SockCloexec, 0);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
        var address = stackalloc byte[2 + 108];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AfUnix;
        pathBytes.CopyTo(new Span<byte>(address + 2, 108));
        if (BindSocket(fd, address, (uint)(2 + pathBytes.Length + 1)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Close(fd);
            throw new IOException($"cannot bind {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int CreateSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static unsafe partial int BindSocket(int fd, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
