using System.Globalization;
using System.Net;

namespace Tunmux.Proxy.Outbound;

/// <summary>A destination asked for by a client: either an address or a name the engine resolves.</summary>
internal sealed record ProxyTarget
{
    private ProxyTarget(string? host, IPAddress? address, int port)
    {
        Host = host;
        Address = address;
        Port = port;
    }

    /// <summary>The host name to resolve; null when the client gave an address.</summary>
    public string? Host { get; }

    public IPAddress? Address { get; }

    public int Port { get; }

    public static ProxyTarget ForAddress(IPAddress address, int port) => new(null, Normalize(address), port);

    /// <summary>A name that is really an address literal (with or without brackets) becomes an address target.</summary>
    public static ProxyTarget ForHost(string host, int port)
    {
        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host.AsSpan(1, host.Length - 2) : host.AsSpan();
        return IPAddress.TryParse(literal, out var address) && (literal.Contains(':') || IsDottedQuad(literal))
            ? ForAddress(address, port)
            : new ProxyTarget(host, null, port);
    }

    public override string ToString()
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        if (Host is not null)
        {
            return $"{Host}:{port}";
        }

        return Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{port}" : $"{Address}:{port}";
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // IPAddress.TryParse also accepts "1", "0x7f.1" and similar; those are treated as names, like curl does.
    // Four groups of one to three digits; checked in place, as every request's target passes here.
    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var groups = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) && digits < 3)
            {
                digits++;
            }
            else if (c == '.' && digits > 0 && groups < 3)
            {
                groups++;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        return groups == 3 && digits > 0;
    }
}
