using System.Net.Sockets;

namespace Tunmux.Daemon.Control.Unix;

internal static class SocketErrors
{
    private const int Enoent = 2;
    private const int Enotdir = 20;
    private const int Econnrefused = 111;

    /// <summary>ENOENT/ENOTDIR (no socket file) or ECONNREFUSED (a file nobody listens on).</summary>
    public static bool MeansNothingListens(SocketException e) =>
        e.SocketErrorCode == SocketError.ConnectionRefused
        || e.NativeErrorCode is Enoent or Enotdir or Econnrefused;
}
