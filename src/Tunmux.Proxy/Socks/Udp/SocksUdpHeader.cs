using System.Buffers.Binary;
using System.Net;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks.Udp;

internal enum UdpHeaderStatus
{
    Ok,
    Truncated,
    Fragmented,
    UnsupportedAddressType,
    BadHost,
}

/// <summary>The RFC 1928 section 7 header: RSV(2) FRAG ATYP DST.ADDR DST.PORT, then the payload.</summary>
internal static class SocksUdpHeader
{
    /// <summary>Largest header the relay writes (IPv6 source): 3 + 1 + 16 + 2.</summary>
    public const int MaxWrittenLength = 22;

    public static UdpHeaderStatus TryParse(ReadOnlySpan<byte> datagram, out ProxyTarget? target, out int headerLength)
    {
        target = null;
        headerLength = 0;
        if (datagram.Length < 4)
        {
            return UdpHeaderStatus.Truncated;
        }

        // Reassembly is optional in RFC 1928 and not implemented, so fragments are dropped.
        if (datagram[2] != 0)
        {
            return UdpHeaderStatus.Fragmented;
        }

        switch (datagram[3])
        {
            case SocksAddress.IPv4:
            case SocksAddress.IPv6:
                var length = datagram[3] == SocksAddress.IPv4 ? 4 : 16;
                if (datagram.Length < 4 + length + 2)
                {
                    return UdpHeaderStatus.Truncated;
                }

                target = ProxyTarget.ForAddress(new IPAddress(datagram.Slice(4, length)), BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(4 + length, 2)));
                headerLength = 4 + length + 2;
                return UdpHeaderStatus.Ok;
            case SocksAddress.DomainName:
                if (datagram.Length < 5 || datagram.Length < 5 + datagram[4] + 2)
                {
                    return UdpHeaderStatus.Truncated;
                }

                var nameLength = datagram[4];
                if (!SocksAddress.TryDecodeHostName(datagram.Slice(5, nameLength), out var host))
                {
                    return UdpHeaderStatus.BadHost;
                }

                target = ProxyTarget.ForHost(host, BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(5 + nameLength, 2)));
                headerLength = 5 + nameLength + 2;
                return UdpHeaderStatus.Ok;
            default:
                return UdpHeaderStatus.UnsupportedAddressType;
        }
    }

    /// <summary>Writes the header for a reply from <paramref name="source"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, IPEndPoint source)
    {
        destination[0] = 0;
        destination[1] = 0;
        destination[2] = 0;
        return 3 + SocksAddress.Write(destination[3..], source);
    }

    public static int LengthFor(IPEndPoint source) => 3 + SocksAddress.EncodedLength(source);
}
