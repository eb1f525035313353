using System.Net.Sockets;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Http;

/// <summary>An origin connection kept across requests while the client keeps asking for the same host:port.</summary>
internal sealed class UpstreamConnection(Socket socket, string key) : IDisposable
{
    public Socket Socket => socket;

    public BufferedSocketReader Reader { get; } = new(socket);

    /// <summary>Lower-cased host:port.</summary>
    public string Key => key;

    /// <summary>True once a request went out on it, so a failure might be a stale keep-alive.</summary>
    public bool Reused { get; set; }

    public void Dispose()
    {
        Reader.Dispose();
        socket.Dispose();
    }
}
