using Tunmux.Proxy.Connections;

namespace Tunmux.Proxy;

/// <summary>
/// One access log line. Holds no credentials: only the user name is ever known here, and it is not recorded.
/// </summary>
/// <param name="Proxy">The proxy's configured name.</param>
/// <param name="Client">The client's address and port.</param>
/// <param name="Protocol">socks5, socks4, socks5-udp, http-connect or http.</param>
/// <param name="Target">host:port asked for, or null when the request never named one.</param>
/// <param name="BytesUp">Client to target payload bytes.</param>
/// <param name="BytesDown">Target to client payload bytes.</param>
/// <param name="Result">How the connection ended (<see cref="ProxyOutcomes.Text"/> gives the logged word).</param>
public sealed record AccessLogEntry(
    DateTimeOffset Started,
    string Proxy,
    string Client,
    string Protocol,
    string? Target,
    long BytesUp,
    long BytesDown,
    TimeSpan Duration,
    ProxyOutcome Result)
{
    /// <summary>For HTTP forwarding: the method and the status code sent to the client.</summary>
    public string? Detail { get; init; }
}
