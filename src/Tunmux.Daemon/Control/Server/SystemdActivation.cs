using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Server;

/// <summary>
/// systemd socket activation (sd_listen_fds(3)): when LISTEN_PID is this process and LISTEN_FDS
/// is at least 1, the listening socket is already open as fd 3, with the owner, group and mode
/// the .socket unit chose.
/// </summary>
public static class SystemdActivation
{
    public const int FirstListenFd = 3;

    /// <summary>The inherited listening fd, or null when this process was not socket-activated.</summary>
    public static int? FindListenFd(Func<string, string?> environment, int processId)
    {
        if (!int.TryParse(environment("LISTEN_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out var listenPid)
            || listenPid != processId)
        {
            return null;
        }

        return int.TryParse(environment("LISTEN_FDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? FirstListenFd
            : null;
    }

    /// <summary>Takes ownership of an inherited listening socket.</summary>
    internal static Socket Adopt(int fd)
    {
        // Inherited descriptors lack close-on-exec; without it every proxy worker and
        // wireguard-go the daemon starts would hold the control socket open.
        if (LibC.FileControl(fd, LibC.FSetFd, LibC.FdCloexec) != 0)
        {
            throw new ControlServerException(
                $"inherited fd {fd} is not usable: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        if (socket.AddressFamily != AddressFamily.Unix || socket.SocketType != SocketType.Stream)
        {
            socket.Dispose();
            throw new ControlServerException(
                $"inherited fd {fd} is a {socket.AddressFamily}/{socket.SocketType} socket; the control socket must be a Unix stream socket (ListenStream=/run/tunmux/ctl.sock)");
        }

        return socket;
    }

    /// <summary>Forgets the activation variables so processes the daemon starts do not think they were activated.</summary>
    internal static void ClearEnvironment()
    {
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
    }
}
