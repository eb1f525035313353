using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy;

/// <summary>Resolution through the system resolver (the namespace's resolv.conf) and plain sockets.</summary>
public sealed class DefaultOutboundConnector : IOutboundConnector
{
    public static DefaultOutboundConnector Instance { get; } = new();

    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Socket BindUdp(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
