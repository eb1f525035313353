using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Tests.Control.Support;

/// <summary>
/// Leaves a socket file with no listener, as a crashed daemon does. A .NET Socket deletes its
/// file on dispose, so a hard link keeps the inode and is renamed back into place.
/// </summary>
internal static partial class StaleSocket
{
    public static void CreateAt(string path)
    {
        var keep = path + ".keep";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (Link(path, keep) != 0)
            {
                throw new InvalidOperationException($"link failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        File.Move(keep, path, overwrite: true);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
