using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Http;

internal static class HttpTargets
{
    /// <summary>http://authority[/path][?query]; the fragment is dropped. Only http: a proxy cannot forward https in the clear.</summary>
    public static AbsoluteTarget? ParseAbsolute(string target)
    {
        const string scheme = "http://";
        if (!target.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = target[scheme.Length..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var path = end < 0 ? "" : rest[end..];
        var fragment = path.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            path = path[..fragment];
        }

        if (path.Length == 0 || path[0] == '?')
        {
            path = "/" + path;
        }

        return TryParseAuthority(authority, 80, out var host, out var port) ? new AbsoluteTarget(authority, host, port, path) : null;
    }

    /// <summary>host:port or [v6]:port. A missing port takes <paramref name="defaultPort"/>; user info is refused.</summary>
    public static bool TryParseAuthority(string authority, int defaultPort, out string host, out int port)
    {
        host = "";
        port = defaultPort;
        if (authority.Length == 0 || authority.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        string portText;
        if (authority[0] == '[')
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                return false;
            }

            portText = after.Length > 0 ? after[1..] : "";
            if (after.Length > 0 && portText.Length == 0)
            {
                return false;
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? "" : authority[(colon + 1)..];
            if (host.Length == 0 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') || !FitsDns(host)
                || (colon >= 0 && portText.Length == 0))
            {
                return false;
            }
        }

        if (portText.Length == 0)
        {
            return true;
        }

        return portText.Length <= 5 && portText.All(char.IsAsciiDigit)
            && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }

    /// <summary>
    /// A name DNS can carry: at most 253 characters (a trailing dot aside) in labels of at most 63.
    /// A longer one is the client's mistake and gets a 400, not a failed lookup's 502.
    /// </summary>
    private static bool FitsDns(string host)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        return name.Length <= 253 && name.Split('.').All(label => label.Length <= 63);
    }
}
