namespace Tunmux.Daemon.Metrics.Http;

/// <summary>
/// The request line and headers of an HTTP/1.x request, parsed strictly enough for a metrics
/// endpoint (RFC 9112 §3 and §5): origin-form targets only, no obsolete line folding.
/// </summary>
public sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The target without its query string.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>Parses a request head, with or without the empty line that ends it; null when it is not valid.</summary>
    public static HttpRequestHead? TryParse(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        // Lines end in CRLF; a bare LF is tolerated, as RFC 9112 §2.2 allows.
        var allLines = head.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        // The head ends at the first empty line; only the terminator itself may follow it.
        var lines = allLines.TakeWhile(line => line.Length > 0).ToList();
        if (allLines.Skip(lines.Count).Any(line => line.Length > 0))
        {
            return null;
        }

        if (lines.Count == 0 || lines.Any(line => line.Any(c => (c < 0x20 && c != '\t') || c >= 0x7f)))
        {
            return null;
        }

        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || !parts[1].StartsWith('/') || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return null;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        return new HttpRequestHead(parts[0], parts[1], parts[2], headers);
    }

    // token = 1*tchar (RFC 9110 §5.6.2).
    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
