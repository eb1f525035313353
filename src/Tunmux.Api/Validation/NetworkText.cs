using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using Tunmux.Core.Model;

namespace Tunmux.Api.Validation;

/// <summary>Strict parsers for the network notations manifests use; each returns why text is wrong.</summary>
internal static partial class NetworkText
{
    /// <summary>
    /// An IP literal: dotted-quad IPv4 with four decimal parts, or IPv6 without a zone.
    /// Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which takes "10.1" or "0x7f.1".
    /// </summary>
    public static bool TryParseIp(string text, out IPAddress address) => IpLiteral.TryParse(text, out address);

    /// <summary>ADDRESS/PREFIX, e.g. 10.66.0.2/32 or ::/0. Host bits may be set (an interface address).</summary>
    public static string? CidrError(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseIp(addressText, out var address))
        {
            return $"\"{text}\" is not a CIDR (ADDRESS/PREFIX, e.g. 10.66.0.2/32)";
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            return $"\"{text}\" needs a prefix length, e.g. {addressText}/{maxPrefix}";
        }

        var prefixText = text[(slash + 1)..];
        return Digits().IsMatch(prefixText)
            && int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix <= maxPrefix
                ? null
                : $"\"{text}\" has a bad prefix length: expected 0-{maxPrefix}";
    }

    /// <summary>HOST:PORT or [IPV6]:PORT with a port of 1-65535; HOST is an IPv4 address or a DNS name.</summary>
    public static string? EndpointError(string text)
    {
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0 || !TryParseIp(text[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"\"{text}\" is not [IPV6]:PORT";
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                return $"\"{text}\" needs a port: HOST:PORT";
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                return $"\"{text}\": an IPv6 endpoint is written [ADDRESS]:PORT";
            }

            if (!TryParseIp(host, out _) && !IsHostName(host))
            {
                return $"\"{host}\" is neither an IP address nor a host name";
            }
        }

        return TryParsePort(portText, out _) ? null : $"\"{text}\" has a bad port: expected 1-65535";
    }

    /// <summary>A decimal port of 1-65535.</summary>
    public static bool TryParsePort(string text, out int port)
    {
        port = 0;
        return Digits().IsMatch(text)
            && text.Length <= 5
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is >= 1 and <= 65535;
    }

    public static bool IsHostName(string text) =>
        text.Length <= 253 && HostName().IsMatch(text) && !DottedNumbers().IsMatch(text);


    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();

    /// <summary>Names made only of numbers and dots look like a mistyped IPv4 address, not a host.</summary>
    [GeneratedRegex("^[0-9.]+$")]
    private static partial Regex DottedNumbers();
}
