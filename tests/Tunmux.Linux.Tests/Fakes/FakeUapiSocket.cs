using System.Net.Sockets;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>A Unix socket at wireguard-go's control socket path, as the real one leaves it after bind() (and listen()).</summary>
internal static class FakeUapiSocket
{
    public static Socket Listen(string path) => Bind(path, listen: true);

    /// <summary>Bound but not yet listening: the file exists and connections are refused.</summary>
    public static Socket BindOnly(string path) => Bind(path, listen: false);

    private static Socket Bind(string path, bool listen)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        if (listen)
        {
            socket.Listen();
        }

        return socket;
    }
}
