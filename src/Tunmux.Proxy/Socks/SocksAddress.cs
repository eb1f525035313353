using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Socks;

/// <summary>The SOCKS5 address encoding (ATYP + address + port), shared by replies and UDP headers.</summary>
internal static class SocksAddress
{
    public const byte IPv4 = 0x01;
    public const byte DomainName = 0x03;
    public const byte IPv6 = 0x04;

    /// <summary>Bytes needed for an endpoint: 1 + 4 or 16 + 2.</summary>
    public static int EncodedLength(IPEndPoint endpoint) =>
        Normalize(endpoint.Address).AddressFamily == AddressFamily.InterNetworkV6 ? 19 : 7;

    /// <summary>Writes ATYP, address and port; IPv4-mapped IPv6 addresses are written as IPv4.</summary>
    public static int Write(Span<byte> destination, IPEndPoint endpoint)
    {
        var address = Normalize(endpoint.Address);
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        destination[0] = v6 ? IPv6 : IPv4;
        var length = v6 ? 16 : 4;
        if (!address.TryWriteBytes(destination.Slice(1, length), out _))
        {
            throw new ArgumentException("Destination too small for the address.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(1 + length, 2), (ushort)endpoint.Port);
        return 3 + length;
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// Host names travel as bytes; anything a resolver could be confused by (controls, spaces,
    /// slashes, an empty name) is refused.
    /// </summary>
    public static bool TryDecodeHostName(ReadOnlySpan<byte> bytes, out string host)
    {
        host = "";
        if (bytes.IsEmpty || bytes.Length > 255)
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b <= 0x20 || b == 0x7f || b == (byte)'/' || b == (byte)'\\' || b == (byte)'@')
            {
                return false;
            }
        }

        try
        {
            host = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
