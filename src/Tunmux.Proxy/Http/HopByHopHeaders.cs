namespace Tunmux.Proxy.Http;

/// <summary>
/// Removes what belongs to one connection only (RFC 9110 section 7.6.1). Framing headers are
/// removed as well: the proxy writes its own, matching how it actually forwards the body.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly string[] Always =
    [
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length",
    ];

    public static HttpHeaders Strip(HttpHeaders headers)
    {
        var named = headers.Tokens("Connection").Concat(headers.Tokens("Proxy-Connection")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = new HttpHeaders();
        foreach (var (name, value) in headers)
        {
            if (!named.Contains(name) && !Always.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                kept.Add(name, value);
            }
        }

        return kept;
    }
}
