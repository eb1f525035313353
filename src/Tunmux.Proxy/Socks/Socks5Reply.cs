using System.Net;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks;

/// <summary>RFC 1928 reply codes and their wire form.</summary>
internal static class Socks5Reply
{
    public const byte Succeeded = 0x00;
    public const byte GeneralFailure = 0x01;
    public const byte NotAllowed = 0x02;
    public const byte NetworkUnreachable = 0x03;
    public const byte HostUnreachable = 0x04;
    public const byte ConnectionRefused = 0x05;
    public const byte TtlExpired = 0x06;
    public const byte CommandNotSupported = 0x07;
    public const byte AddressTypeNotSupported = 0x08;

    public static byte FromFailure(OutboundFailure failure) => failure switch
    {
        OutboundFailure.NotAllowed => NotAllowed,
        OutboundFailure.NetworkUnreachable => NetworkUnreachable,
        OutboundFailure.HostUnreachable or OutboundFailure.NameNotResolved => HostUnreachable,
        OutboundFailure.ConnectionRefused => ConnectionRefused,
        OutboundFailure.TimedOut => TtlExpired,
        _ => GeneralFailure,
    };

    /// <summary>VER REP RSV ATYP BND.ADDR BND.PORT; failures carry 0.0.0.0:0.</summary>
    public static byte[] Build(byte code, IPEndPoint? bound = null)
    {
        var reply = new byte[MaxLength];
        return reply[..Write(reply, code, bound)];
    }

    /// <summary>The longest reply: 3 + 1 + 16 + 2 (an IPv6 address).</summary>
    public const int MaxLength = 22;

    /// <summary>Writes the reply into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int Write(Span<byte> destination, byte code, IPEndPoint? bound = null)
    {
        bound ??= new IPEndPoint(IPAddress.Any, 0);
        destination[0] = 0x05;
        destination[1] = code;
        destination[2] = 0x00;
        return 3 + SocksAddress.Write(destination[3..], bound);
    }
}
