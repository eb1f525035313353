using System.Globalization;

namespace Tunmux.Proxy.Http;

/// <summary>How a message body is delimited (RFC 9112 section 6).</summary>
internal readonly record struct BodyFraming(BodyKind Kind, long Length = 0)
{
    public static BodyFraming NoBody => new(BodyKind.None);

    /// <summary>
    /// Request bodies: chunked (as the only coding) or Content-Length, else none. Anything ambiguous
    /// (both, conflicting lengths, other codings) is refused rather than guessed, so no request can
    /// be read one way here and another way by the origin.
    /// </summary>
    public static BodyFraming? ForRequest(HttpHeaders headers)
    {
        var codings = headers.Tokens("Transfer-Encoding");
        var hasLength = headers.Contains("Content-Length");
        if (codings.Count > 0)
        {
            return !hasLength && codings is ["chunked"] ? new BodyFraming(BodyKind.Chunked) : null;
        }

        if (!hasLength)
        {
            return NoBody;
        }

        return TryParseLength(headers, out var length) ? (length == 0 ? NoBody : new BodyFraming(BodyKind.Length, length)) : null;
    }

    /// <summary>Response bodies; null when the response's framing cannot be trusted.</summary>
    public static BodyFraming? ForResponse(string requestMethod, int statusCode, HttpHeaders headers)
    {
        if (requestMethod == "HEAD" || statusCode is < 200 or 204 or 304)
        {
            return NoBody;
        }

        var codings = headers.Tokens("Transfer-Encoding");
        if (codings.Count > 0)
        {
            // Transfer-Encoding overrides Content-Length; without chunked last, the body runs to close.
            return codings[^1] == "chunked" ? new BodyFraming(BodyKind.Chunked) : new BodyFraming(BodyKind.UntilClose);
        }

        if (headers.Contains("Content-Length"))
        {
            return TryParseLength(headers, out var length) ? new BodyFraming(BodyKind.Length, length) : null;
        }

        return new BodyFraming(BodyKind.UntilClose);
    }

    /// <summary>Every Content-Length value (lists included) must be the same non-negative number.</summary>
    public static bool TryParseLength(HttpHeaders headers, out long length)
    {
        length = -1;
        foreach (var value in headers.GetAll("Content-Length").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
            {
                return false;
            }

            var parsed = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (length >= 0 && parsed != length)
            {
                return false;
            }

            length = parsed;
        }

        return length >= 0;
    }
}
