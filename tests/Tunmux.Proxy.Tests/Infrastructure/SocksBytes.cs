using System.Net;
using System.Text;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Hand-built SOCKS messages, written from the RFCs so the tests do not share the engine's code.</summary>
internal static class SocksBytes
{
    public const byte Connect = 0x01;
    public const byte Bind = 0x02;
    public const byte UdpAssociate = 0x03;

    public static byte[] Greeting(params byte[] methods) => [0x05, (byte)methods.Length, .. methods];

    public static byte[] Request(byte command, IPEndPoint target)
    {
        var address = target.Address.GetAddressBytes();
        var atyp = address.Length == 4 ? (byte)0x01 : (byte)0x04;
        return [0x05, command, 0x00, atyp, .. address, (byte)(target.Port >> 8), (byte)target.Port];
    }

    public static byte[] RequestDomain(byte command, string host, int port)
    {
        var name = Encoding.ASCII.GetBytes(host);
        return [0x05, command, 0x00, 0x03, (byte)name.Length, .. name, (byte)(port >> 8), (byte)port];
    }

    public static byte[] UserPass(string user, string password)
    {
        var u = Encoding.UTF8.GetBytes(user);
        var p = Encoding.UTF8.GetBytes(password);
        return [0x01, (byte)u.Length, .. u, (byte)p.Length, .. p];
    }

    public static byte[] Socks4(byte command, IPAddress address, int port, string user = "tester") =>
        [0x04, command, (byte)(port >> 8), (byte)port, .. address.GetAddressBytes(), .. Encoding.ASCII.GetBytes(user), 0x00];

    public static byte[] Socks4a(byte command, string host, int port, string user = "tester") =>
        [0x04, command, (byte)(port >> 8), (byte)port, 0, 0, 0, 1, .. Encoding.ASCII.GetBytes(user), 0x00, .. Encoding.ASCII.GetBytes(host), 0x00];

    /// <summary>Reads a whole SOCKS5 reply (variable length by ATYP) and returns (code, bound endpoint).</summary>
    public static async Task<(byte Code, IPEndPoint Bound)> ReadReplyAsync(RawClient client)
    {
        var head = await client.ReadExactlyAsync(4);
        head[0].Should().Be(0x05, "a SOCKS5 reply starts with version 5");
        head[2].Should().Be(0x00, "RSV is zero");
        var length = head[3] switch
        {
            0x01 => 4,
            0x04 => 16,
            _ => throw new InvalidDataException($"unexpected ATYP {head[3]} in reply"),
        };
        var rest = await client.ReadExactlyAsync(length + 2);
        var bound = new IPEndPoint(new IPAddress(rest.AsSpan(0, length)), (rest[length] << 8) | rest[length + 1]);
        return (head[1], bound);
    }

    /// <summary>Greeting with no-auth, then a request; returns the reply.</summary>
    public static async Task<(byte Code, IPEndPoint Bound)> NegotiateAsync(RawClient client, byte[] request)
    {
        await client.SendAsync(Greeting(0x00));
        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x00);
        await client.SendAsync(request);
        return await ReadReplyAsync(client);
    }
}
