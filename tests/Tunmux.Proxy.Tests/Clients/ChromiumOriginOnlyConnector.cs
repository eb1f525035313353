using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Clients;

/// <summary>
/// The proxy's way out during the browser tests: only the test origin is reachable. The browser's
/// own background requests (update checks and the like) get "host not found" or "refused" instead
/// of leaving the machine, and every connection made to the origin is counted.
/// </summary>
internal sealed class ChromiumOriginOnlyConnector(IPEndPoint origin) : IOutboundConnector
{
    private int _opened;

    /// <summary>Connections this proxy opened to the origin.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        throw new SocketException((int)SocketError.HostNotFound);

    public async ValueTask<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.Equals(origin))
        {
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        var socket = await DefaultOutboundConnector.Instance.ConnectAsync(endpoint, cancellationToken);
        Interlocked.Increment(ref _opened);
        return socket;
    }

    public Socket BindUdp(AddressFamily family) => throw new SocketException((int)SocketError.AccessDenied);
}
