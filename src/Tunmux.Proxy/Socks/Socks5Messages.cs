using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks;

internal enum Socks5ParseStatus
{
    Complete,

    /// <summary>The message is not all there yet.</summary>
    NeedMore,

    BadVersion,
    UnsupportedAddressType,
    BadHost,
}

/// <summary>
/// The client's SOCKS5 messages (RFC 1928 greeting and request, RFC 1929 username/password), read
/// from whatever has arrived. Each parser either takes one whole message from the front or says it
/// needs more: a client that sends greeting and request in one packet is served from one read, one
/// that sends a byte at a time from many.
/// </summary>
internal static class Socks5Messages
{
    /// <summary>The longest message (RFC 1929: 1 + 1 + 255 + 1 + 255).</summary>
    public const int MaxMessageBytes = 513;

    /// <summary>VER NMETHODS METHODS. The version byte was checked by whoever chose SOCKS5.</summary>
    public static Socks5ParseStatus ParseGreeting(ReadOnlySpan<byte> data, byte method, out bool offered, out int length)
    {
        offered = false;
        length = data.Length < 2 ? 0 : 2 + data[1];
        if (length == 0 || data.Length < length)
        {
            length = 0;
            return Socks5ParseStatus.NeedMore;
        }

        offered = data[2..length].Contains(method);
        return Socks5ParseStatus.Complete;
    }

    /// <summary>VER(1) ULEN UNAME PLEN PASSWD; the two fields as ranges of <paramref name="data"/>.</summary>
    public static Socks5ParseStatus ParseUserPassword(ReadOnlySpan<byte> data, out Range user, out Range password, out int length)
    {
        user = password = default;
        length = 0;
        if (data.IsEmpty)
        {
            return Socks5ParseStatus.NeedMore;
        }

        if (data[0] != 0x01)
        {
            return Socks5ParseStatus.BadVersion;
        }

        if (data.Length < 2 || data.Length < 2 + data[1] + 1)
        {
            return Socks5ParseStatus.NeedMore;
        }

        var userEnd = 2 + data[1];
        var passwordEnd = userEnd + 1 + data[userEnd];
        if (data.Length < passwordEnd)
        {
            return Socks5ParseStatus.NeedMore;
        }

        user = 2..userEnd;
        password = (userEnd + 1)..passwordEnd;
        length = passwordEnd;
        return Socks5ParseStatus.Complete;
    }

    /// <summary>VER CMD RSV ATYP DST.ADDR DST.PORT. The command is returned whatever it is; the caller decides.</summary>
    public static Socks5ParseStatus ParseRequest(ReadOnlySpan<byte> data, out byte command, out ProxyTarget? target, out int length)
    {
        command = 0;
        target = null;
        length = 0;
        if (data.IsEmpty)
        {
            return Socks5ParseStatus.NeedMore;
        }

        if (data[0] != 0x05)
        {
            return Socks5ParseStatus.BadVersion;
        }

        if (data.Length < 4)
        {
            return Socks5ParseStatus.NeedMore;
        }

        command = data[1];
        var status = SocksAddress.TryRead(data[3..], out target, out var addressLength);
        length = status == AddressReadStatus.Ok ? 3 + addressLength : 0;
        return SocksAddress.Choose(status, Socks5ParseStatus.Complete, Socks5ParseStatus.NeedMore,
            Socks5ParseStatus.UnsupportedAddressType, Socks5ParseStatus.BadHost);
    }
}
