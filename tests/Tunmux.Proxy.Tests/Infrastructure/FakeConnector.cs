using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>
/// Stands in for the network where loopback cannot produce a failure (unreachable networks,
/// timeouts, odd resolver answers). Anything not overridden goes to the real loopback.
/// </summary>
internal sealed class FakeConnector : IOutboundConnector
{
    /// <summary>Connect fails with this error.</summary>
    public SocketError? ConnectError { get; init; }

    /// <summary>Connect never completes (until cancelled by the engine's timeout).</summary>
    public bool ConnectHangs { get; init; }

    /// <summary>Resolution answers with these addresses, in this order.</summary>
    public IPAddress[]? Addresses { get; init; }

    /// <summary>Resolution fails with this error.</summary>
    public SocketError? ResolveError { get; init; }

    public List<IPEndPoint> Attempts { get; } = [];

    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (ResolveError is { } error)
        {
            throw new SocketException((int)error);
        }

        return Addresses is not null ? ValueTask.FromResult(Addresses) : DefaultOutboundConnector.Instance.ResolveAsync(host, cancellationToken);
    }

    public async ValueTask<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        lock (Attempts)
        {
            Attempts.Add(endpoint);
        }

        if (ConnectHangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (ConnectError is { } error)
        {
            throw new SocketException((int)error);
        }

        return await DefaultOutboundConnector.Instance.ConnectAsync(endpoint, cancellationToken);
    }

    public Socket BindUdp(AddressFamily family) => DefaultOutboundConnector.Instance.BindUdp(family);
}
