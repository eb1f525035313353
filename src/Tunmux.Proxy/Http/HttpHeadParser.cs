using System.Globalization;
using System.Text;

namespace Tunmux.Proxy.Http;

internal enum HeadParseError
{
    None,
    Malformed,
    UnsupportedVersion,
}

/// <summary>
/// Strict parsing of HTTP/1.x heads (RFC 9112): single spaces in the start line, token names
/// with the colon right after them, no obsolete line folding, no control bytes in values.
/// Bare LF line ends are tolerated, as RFC 9112 allows.
/// </summary>
internal static class HttpHeadParser
{
    /// <summary>
    /// Index just past the blank line that ends a head, or -1. <paramref name="scanFrom"/> carries
    /// the search position across calls, so a head arriving byte by byte is scanned once, not once per byte.
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> buffer, ref int scanFrom)
    {
        for (var i = scanFrom; i < buffer.Length; i++)
        {
            if (buffer[i] != (byte)'\n')
            {
                continue;
            }

            if (i + 1 < buffer.Length && buffer[i + 1] == (byte)'\n')
            {
                return i + 2;
            }

            if (i + 2 < buffer.Length && buffer[i + 1] == (byte)'\r' && buffer[i + 2] == (byte)'\n')
            {
                return i + 3;
            }
        }

        // A terminator may start in the last two bytes and finish in the next read.
        scanFrom = Math.Max(0, buffer.Length - 2);
        return -1;
    }

    public static HeadParseError TryParseRequest(ReadOnlySpan<byte> head, out HttpRequestHead? request)
    {
        request = null;
        var lines = SplitLines(head);
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || !IsRequestTarget(parts[1]))
        {
            return HeadParseError.Malformed;
        }

        var versionError = TryParseVersion(parts[2], out var minor);
        if (versionError != HeadParseError.None)
        {
            return versionError;
        }

        var headers = new HttpHeaders();
        if (!TryParseFields(lines, headers))
        {
            return HeadParseError.Malformed;
        }

        request = new HttpRequestHead(parts[0], parts[1], minor, headers);
        return HeadParseError.None;
    }

    public static HeadParseError TryParseResponse(ReadOnlySpan<byte> head, out HttpResponseHead? response)
    {
        response = null;
        var lines = SplitLines(head);
        var statusLine = lines[0];
        var firstSpace = statusLine.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0)
        {
            return HeadParseError.Malformed;
        }

        var versionError = TryParseVersion(statusLine[..firstSpace], out var minor);
        if (versionError != HeadParseError.None)
        {
            return versionError;
        }

        var rest = statusLine[(firstSpace + 1)..];
        var codeText = rest.Length >= 3 ? rest[..3] : rest;
        if (codeText.Length != 3 || !codeText.All(char.IsAsciiDigit) || (rest.Length > 3 && rest[3] != ' '))
        {
            return HeadParseError.Malformed;
        }

        var code = int.Parse(codeText, NumberStyles.None, CultureInfo.InvariantCulture);
        var reason = rest.Length > 4 ? rest[4..] : "";
        if (code < 100 || code > 599 || reason.Any(c => c < 0x20 && c != '\t'))
        {
            return HeadParseError.Malformed;
        }

        var headers = new HttpHeaders();
        if (!TryParseFields(lines, headers))
        {
            return HeadParseError.Malformed;
        }

        response = new HttpResponseHead(minor, code, reason, headers);
        return HeadParseError.None;
    }

    public static bool IsToken(string text) => text.Length > 0 && text.All(IsTokenChar);

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsRequestTarget(string text) => text.Length > 0 && text.All(c => c > 0x20 && c != 0x7f);

    private static HeadParseError TryParseVersion(string text, out int minor)
    {
        minor = 0;
        if (text.Length != 8 || !text.StartsWith("HTTP/", StringComparison.Ordinal) || text[6] != '.'
            || !char.IsAsciiDigit(text[5]) || !char.IsAsciiDigit(text[7]))
        {
            return HeadParseError.Malformed;
        }

        if (text[5] != '1')
        {
            return HeadParseError.UnsupportedVersion;
        }

        minor = text[7] == '0' ? 0 : 1;
        return HeadParseError.None;
    }

    /// <summary>Lines without their CR LF (or LF); the final blank line is dropped. Latin-1 keeps every byte.</summary>
    private static List<string> SplitLines(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
        while (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static bool TryParseFields(List<string> lines, HttpHeaders headers)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);

            // Obsolete line folding (a line starting with whitespace) and a space before the colon are both refused.
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return false;
            }

            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Any(c => (c < 0x20 && c != '\t') || c == 0x7f))
            {
                return false;
            }

            headers.Add(line[..colon], value);
        }

        return true;
    }
}
