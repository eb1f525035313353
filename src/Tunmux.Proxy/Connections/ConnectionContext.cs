using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Outbound;
using Tunmux.Proxy.Relay;
using Tunmux.Proxy.Socks.Udp;

namespace Tunmux.Proxy.Connections;

/// <summary>Everything one accepted connection needs from the server.</summary>
internal sealed class ConnectionContext
{
    public required Socket Client { get; init; }

    public required ProxyServerOptions Options { get; init; }

    public required TargetConnector Connector { get; init; }

    public required IRelay Relay { get; init; }

    public required ILogger Logger { get; init; }

    public required IAccessLogSink? AccessLog { get; init; }

    public required UdpRelayDirectory Udp { get; init; }

    /// <summary>Cancelled when the server starts draining: finish the current exchange, take no new request.</summary>
    public required CancellationToken Draining { get; init; }

    /// <summary>Cancelled when the grace period is over: stop now.</summary>
    public required CancellationToken Aborted { get; init; }

    public EndPoint? ClientEndPoint { get; init; }

    /// <summary>Counts this connection against the limit; the handler leaves it when the connection ends.</summary>
    public required ConnectionTracker Tracker { get; init; }

    public AccessRecord NewRecord(string protocol) => new(AccessLog, Options.Name, ClientEndPoint, protocol);
}
