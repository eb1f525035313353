using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Core.WireGuard;

/// <summary>Checks for the value formats of a wg-quick file.</summary>
internal static class WgQuickValues
{
    /// <summary>"10.2.0.2", "10.2.0.2/32", "fd00::2/128". Host bits may be set, as for an interface address.</summary>
    public static bool IsAddressWithOptionalPrefix(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        return ParseInt(text[(slash + 1)..], 0, maxPrefix) is not null;
    }

    /// <summary>"host:port", "1.2.3.4:port" or "[v6]:port".</summary>
    public static bool IsEndpoint(string text)
    {
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns)
            {
                return false;
            }
        }

        return ParseInt(port, 1, 65535) is not null;
    }

    public static int? ParseInt(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : null;
}
