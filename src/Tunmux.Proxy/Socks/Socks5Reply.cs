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
        bound ??= new IPEndPoint(IPAddress.Any, 0);
        var reply = new byte[3 + SocksAddress.EncodedLength(bound)];
        reply[0] = 0x05;
        reply[1] = code;
        SocksAddress.Write(reply.AsSpan(3), bound);
        return reply;
    }
}
