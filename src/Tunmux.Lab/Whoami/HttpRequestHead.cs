using System.Globalization;
using System.Text;

namespace Tunmux.Lab.Whoami;

/// <summary>The parts of an HTTP/1.x request head that the whoami endpoint needs.</summary>
public sealed record HttpRequestHead(string Method, string Target, string Version, string? Host, long ContentLength, bool Chunked, bool KeepAlive)
{
    /// <summary>
    /// Parses the bytes before the blank line ("\r\n\r\n" excluded). Null for anything that is
    /// not a well-formed HTTP/1.0 or HTTP/1.1 request head.
    /// </summary>
    public static HttpRequestHead? TryParse(ReadOnlySpan<byte> head)
    {
        // Latin-1 keeps every byte as one char, so odd bytes cannot break the parse.
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || requestLine[1].Length == 0
            || !requestLine[0].All(char.IsAsciiLetterUpper)
            || requestLine[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return null;
        }

        string? host = null;
        string? connection = null;
        long contentLength = 0;
        var chunked = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = value;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                {
                    return null;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
        }

        var version = requestLine[2];
        var keepAlive = version == "HTTP/1.1"
            ? !HasToken(connection, "close")
            : HasToken(connection, "keep-alive");
        return new HttpRequestHead(requestLine[0], requestLine[1], version, host, contentLength, chunked, keepAlive);
    }

    private static bool HasToken(string? header, string token) =>
        header is not null && header.Split(',').Any(part => part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));
}
