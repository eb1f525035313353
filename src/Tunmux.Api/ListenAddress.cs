using System.Net;
using System.Net.Sockets;
using Tunmux.Api.Validation;

namespace Tunmux.Api;

/// <summary>The <c>listen</c> notation of proxy listeners: "ADDRESS:PORT", "[V6]:PORT", or "ADDRESS" alone.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Parses a listen value. <paramref name="port"/> is 0 when the text names no port (pick one
    /// automatically); an explicit port is 1-65535. <paramref name="error"/> is empty on success.
    /// </summary>
    public static bool TryParse(string text, out IPAddress address, out int port, out string error)
    {
        address = IPAddress.None;
        port = 0;
        error = "";
        string addressText;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            var rest = close < 0 ? "" : text[(close + 1)..];
            if (close < 0 || (rest.Length > 0 && !rest.StartsWith(':')))
            {
                error = $"\"{text}\" is not [IPV6]:PORT";
                return false;
            }

            addressText = text[1..close];
            portText = rest.Length > 0 ? rest[1..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (addressText, portText) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            addressText = text;
        }

        if (!NetworkText.TryParseIp(addressText, out address))
        {
            error = $"\"{addressText}\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)";
            return false;
        }

        if (text.StartsWith('[') && address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"\"{text}\": only IPv6 addresses go in brackets";
            return false;
        }

        if (portText is not null && !NetworkText.TryParsePort(portText, out port))
        {
            error = $"\"{text}\" has a bad port: expected 1-65535, or no port for an automatic one";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether two sockets bound to these addresses on the same port would collide: the same address,
    /// or a wildcard (0.0.0.0 covers every IPv4 address, :: covers everything on a dual-stack host).
    /// </summary>
    public static bool Overlaps(IPAddress first, IPAddress second)
    {
        if (first.Equals(second) || first.Equals(IPAddress.IPv6Any) || second.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        var bothV4 = first.AddressFamily == AddressFamily.InterNetwork && second.AddressFamily == AddressFamily.InterNetwork;
        return bothV4 && (first.Equals(IPAddress.Any) || second.Equals(IPAddress.Any));
    }
}
