using System.Net.Sockets;

namespace Tunmux.Daemon.Control.Unix;

internal static class SocketErrors
{
    /// <summary>
    /// No socket file (ENOENT, which .NET reports as AddressNotAvailable; ENOTDIR) or a socket
    /// file nobody listens on (ECONNREFUSED).
    /// </summary>
    public static bool MeansNothingListens(SocketException e) =>
        e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable
        || e.NativeErrorCode is 2 or 20;

    /// <summary>EAGAIN on connect: the listener's backlog is full (the daemon is busy); worth retrying.</summary>
    public static bool MeansBacklogFull(SocketException e) =>
        e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain;
}
