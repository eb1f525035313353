using System.Globalization;
using System.Net;
using System.Text;

namespace Tunmux.Lab.Whoami;

/// <summary>The bytes the whoami endpoint sends back, and the line it logs.</summary>
public static class WhoamiResponse
{
    /// <summary>The client's address as people write it: IPv4-mapped IPv6 addresses shown as IPv4.</summary>
    public static string ClientText(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    public static byte[] Ok(string clientAddress, bool includeBody, bool keepAlive)
    {
        var body = clientAddress + "\n";
        var head =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)}\r\n" +
            "Cache-Control: no-store\r\n" +
            $"Connection: {(keepAlive ? "keep-alive" : "close")}\r\n" +
            "\r\n";
        return Encoding.ASCII.GetBytes(includeBody ? head + body : head);
    }

    public static byte[] Error(int status, string reason)
    {
        var body = $"{status.ToString(CultureInfo.InvariantCulture)} {reason}\n";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {reason}\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
            "Connection: close\r\n" +
            "\r\n" + body);
    }

    /// <summary>
    /// One log line: time (UTC, ISO 8601), client address, method, path, Host header ("-" when
    /// absent). Fields are space-separated; anything outside printable ASCII is shown as '?',
    /// so a request cannot forge or split log lines.
    /// </summary>
    public static string LogLine(DateTimeOffset time, string clientAddress, string method, string target, string? host) =>
        string.Join(' ',
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            clientAddress,
            Clean(method),
            Clean(target),
            string.IsNullOrEmpty(host) ? "-" : Clean(host));

    private static string Clean(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is > ' ' and < (char)127 ? source[i] : '?';
            }
        });
}
