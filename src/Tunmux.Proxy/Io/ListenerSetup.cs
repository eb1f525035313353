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
}
