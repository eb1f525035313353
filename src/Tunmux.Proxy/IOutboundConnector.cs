using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy;

/// <summary>
/// Every outbound action of the engine. The default uses the process's own network namespace
/// (the tunnel's, in production); tests substitute failures.
/// Failures are reported as <see cref="SocketException"/>s, which the engine maps to reply codes.
/// </summary>
public interface IOutboundConnector
{
    /// <summary>Resolves a host name to addresses, in the resolver's order.</summary>
    ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    /// <summary>Opens a connected TCP socket to the endpoint.</summary>
    ValueTask<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);

    /// <summary>Creates a UDP socket bound to the wildcard address of the family, on an ephemeral port.</summary>
    Socket BindUdp(AddressFamily family);
}
