namespace Tunmux.Proxy.Http;

/// <summary>Where a forwarded request goes: the authority as written, the parsed host and port, and the origin-form path.</summary>
internal sealed record AbsoluteTarget(string Authority, string Host, int Port, string PathAndQuery);
