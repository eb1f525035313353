using System.Globalization;
using System.Text;

namespace Tunmux.Proxy.Http;

/// <summary>The proxy's own responses: a status, a one-line plain-text body, and the connection decision.</summary>
internal static class HttpErrorResponses
{
    public static byte[] Build(int status, string reason, string body, bool keepAlive, bool challenge = false)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body + "\n");
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {bodyBytes.Length}\r\n");
        if (challenge)
        {
            head.Append(CultureInfo.InvariantCulture, $"Proxy-Authenticate: {ProxyBasicAuth.Challenge}\r\n");
        }

        head.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. bodyBytes];
    }

    public static byte[] BadRequest(string why) => Build(400, "Bad Request", "Bad request: " + why, keepAlive: false);

    public static byte[] HeaderTooLarge() => Build(431, "Request Header Fields Too Large", "Request header too large", keepAlive: false);

    public static byte[] VersionNotSupported() => Build(505, "HTTP Version Not Supported", "Only HTTP/1.0 and HTTP/1.1 are supported", keepAlive: false);

    public static byte[] RequestTimeout() => Build(408, "Request Timeout", "Request timeout", keepAlive: false);

    public static byte[] ProxyAuthRequired(bool keepAlive) =>
        Build(407, "Proxy Authentication Required", "Proxy authentication required", keepAlive, challenge: true);

    public static byte[] GatewayTimeout(string target, bool keepAlive) =>
        Build(504, "Gateway Timeout", $"Gateway timeout: {target} did not answer in time", keepAlive);

    public static byte[] BadGateway(string target, string why, bool keepAlive) =>
        Build(502, "Bad Gateway", $"Bad gateway: {target}: {why}", keepAlive);
}
