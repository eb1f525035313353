using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks;

internal enum AddressReadStatus
{
    Ok,
    Truncated,
    UnsupportedType,
    BadHost,
}

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

    /// <summary>
    /// Reads ATYP, address and port from the start of <paramref name="data"/> (a request or a UDP header);
    /// <paramref name="length"/> is the bytes they took. Truncated when more bytes are needed.
    /// </summary>
    public static AddressReadStatus TryRead(ReadOnlySpan<byte> data, out ProxyTarget? target, out int length)
    {
        target = null;
        length = 0;
        if (data.IsEmpty)
        {
            return AddressReadStatus.Truncated;
        }

        switch (data[0])
        {
            case IPv4:
            case IPv6:
                var size = data[0] == IPv4 ? 4 : 16;
                if (data.Length < 1 + size + 2)
                {
                    return AddressReadStatus.Truncated;
                }

                target = ProxyTarget.ForAddress(new IPAddress(data.Slice(1, size)), BinaryPrimitives.ReadUInt16BigEndian(data.Slice(1 + size, 2)));
                length = 1 + size + 2;
                return AddressReadStatus.Ok;
            case DomainName:
                if (data.Length < 2 || data.Length < 2 + data[1] + 2)
                {
                    return AddressReadStatus.Truncated;
                }

                var nameLength = data[1];
                if (!TryDecodeHostName(data.Slice(2, nameLength), out var host))
                {
                    return AddressReadStatus.BadHost;
                }

                target = ProxyTarget.ForHost(host, BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2 + nameLength, 2)));
                length = 2 + nameLength + 2;
                return AddressReadStatus.Ok;
            default:
                return AddressReadStatus.UnsupportedType;
        }
    }

    /// <summary>The caller's own outcome for each address status (a request and a UDP header name them differently).</summary>
    public static T Choose<T>(AddressReadStatus status, T ok, T truncated, T unsupportedType, T badHost) => status switch
    {
        AddressReadStatus.Ok => ok,
        AddressReadStatus.Truncated => truncated,
        AddressReadStatus.BadHost => badHost,
        _ => unsupportedType,
    };

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
