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
        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) && (literal.Contains(':', StringComparison.Ordinal) || IsDottedQuad(literal))
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
    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
