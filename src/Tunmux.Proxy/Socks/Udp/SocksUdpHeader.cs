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

        var status = SocksAddress.TryRead(datagram[3..], out target, out var addressLength);
        headerLength = status == AddressReadStatus.Ok ? 3 + addressLength : 0;
        return SocksAddress.Choose(status, UdpHeaderStatus.Ok, UdpHeaderStatus.Truncated, UdpHeaderStatus.UnsupportedAddressType, UdpHeaderStatus.BadHost);
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
