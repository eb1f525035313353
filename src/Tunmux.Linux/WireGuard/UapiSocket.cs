using System.Net.Sockets;

namespace Tunmux.Linux.WireGuard;

/// <summary>wireguard-go's control socket, /var/run/wireguard/IF.sock: global, not per namespace.</summary>
public static class UapiSocket
{
    /// <summary>True when a process answers on the socket; a file left by a killed wireguard-go is not live.</summary>
    public static bool IsLive(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Deletes the socket file when nobody answers on it; returns false when a live process still owns it.</summary>
    public static bool RemoveIfStale(string path)
    {
        if (!File.Exists(path))
        {
            return true;
        }

        if (IsLive(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
