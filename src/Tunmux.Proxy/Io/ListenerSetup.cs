using System.Net.Sockets;

namespace Tunmux.Proxy.Io;

/// <summary>Socket options set once on a listener rather than on every connection it accepts.</summary>
internal static class ListenerSetup
{
    /// <summary>
    /// TCP_NODELAY on the listener (Linux copies it to every accepted socket, which saves a
    /// setsockopt per connection). False when the listener refused it, so the caller sets it per connection.
    /// </summary>
    public static bool TryInheritNoDelay(Socket listener)
    {
        try
        {
            listener.NoDelay = true;
            return OperatingSystem.IsLinux();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// TCP_DEFER_ACCEPT: the kernel hands over a connection once its first bytes are in (SOCKS and
    /// HTTP clients speak first), so accept and the first read happen in one wake-up. A client that
    /// stays silent is accepted after about <paramref name="seconds"/> anyway and then meets the
    /// handshake timeout. Linux only; elsewhere, or if refused, nothing changes.
    /// </summary>
    public static void TryDeferAccept(Socket listener, int seconds)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            listener.SetSocketOption(SocketOptionLevel.Tcp, TcpDeferAccept, seconds);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private const SocketOptionName TcpDeferAccept = (SocketOptionName)9;
}
