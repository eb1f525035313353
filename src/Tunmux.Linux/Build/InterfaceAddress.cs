using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Build;

/// <summary>An interface address as written in a WireGuard config: "10.2.0.2/32", "fd00::2/128" or a bare address.</summary>
internal sealed record InterfaceAddress(IPAddress Address, int? PrefixLength, string Text)
{
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    public static InterfaceAddress Parse(string text)
    {
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? trimmed : trimmed[..slash];
        if (!IPAddress.TryParse(addressPart, out var address) || addressPart.Contains('%', StringComparison.Ordinal))
        {
            throw new ArgumentException($"interface address '{text}' is not an IP address");
        }

        int? prefix = null;
        if (slash >= 0)
        {
            var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (!int.TryParse(trimmed[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || length > max)
            {
                throw new ArgumentException($"interface address '{text}' has an invalid prefix length");
            }

            prefix = length;
        }

        return new InterfaceAddress(address, prefix, prefix is null ? address.ToString() : $"{address}/{prefix}");
    }
}
