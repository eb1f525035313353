namespace Tunmux.Proxy.Http;

/// <summary>
/// What a forwarded request leaves behind: the origin connection to keep (if any), whether the client
/// connection continues, and the proxy's own error response to send when the origin could not answer.
/// </summary>
internal sealed record ExchangeOutcome(UpstreamConnection? Upstream, bool ClientKeepAlive, byte[]? ErrorResponse);
