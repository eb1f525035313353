using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Tunmux.Core.Model;

/// <summary>
/// An IP literal as manifests write it: dotted-quad IPv4 with four decimal parts, or IPv6 without
/// a zone. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which takes "10.1" or "0x7f.1".
/// </summary>
public static partial class IpLiteral
{
    public static bool TryParse(string text, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal)
                && IPAddress.TryParse(text, out address!)
                && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return DottedQuad().IsMatch(text) && IPAddress.TryParse(text, out address!);
    }

    [GeneratedRegex("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$")]
    private static partial Regex DottedQuad();
}
