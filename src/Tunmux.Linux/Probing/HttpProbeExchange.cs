using System.Globalization;
using System.Text;
using Tunmux.Core.Model;

namespace Tunmux.Linux.Probing;

/// <summary>
/// The probe's HTTP/1.1 exchange, as bytes: one GET with <c>Connection: close</c>, and the status
/// line of the answer. Nothing else of the answer is read: the status is all a probe needs.
/// </summary>
internal static class HttpProbeExchange
{
    /// <summary>A status line longer than this is not HTTP.</summary>
    public const int MaxStatusLine = 1024;

    public static byte[] Request(ProbeTarget.Http target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Encoding.ASCII.GetBytes(
            $"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: tunmux-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    }

    /// <summary>
    /// The status code of an answer that starts with <paramref name="received"/>: a value once the
    /// first line is complete, null while more bytes are needed, -1 when it is not HTTP.
    /// </summary>
    public static int? StatusOf(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return received.Length >= MaxStatusLine ? -1 : null;
        }

        // "HTTP/1.1 200 OK": a version, one space, three digits, then a space or the line's end.
        var line = Encoding.ASCII.GetString(received[..end]);
        var parts = line.Split(' ', 3);
        return parts.Length >= 2
            && parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            && parts[1].Length == 3
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && status >= 100
                ? status
                : -1;
    }

    /// <summary>Below 500 the server answered for itself; 5xx says the path or the service behind it is broken.</summary>
    public static bool Passes(int status) => status is >= 100 and < 500;
}
