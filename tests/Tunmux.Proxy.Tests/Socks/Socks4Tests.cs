using System.Buffers.Binary;
using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

public sealed class Socks4Tests
{
    [Fact]
    public async Task Socks4_connect_to_an_address_is_granted_with_5A_and_relays()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4(SocksBytes.Connect, IPAddress.Loopback, echo.Port));

        var reply = await client.ReadExactlyAsync(8);
        reply[0].Should().Be(0x00);
        reply[1].Should().Be(0x5A);
        await client.SendAsync("four");
        (await client.ReadExactlyAsync(4)).Should().Equal("four"u8.ToArray());
        new IPEndPoint(new IPAddress(reply.AsSpan(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2, 2)))
            .Should().Be(echo.Peers.Single(), "the reply carries the outbound socket's address");
    }

    [Fact]
    public async Task Socks4a_connect_to_a_name_is_resolved_by_the_engine()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4a(SocksBytes.Connect, "localhost", echo.Port));

        (await client.ReadExactlyAsync(8))[1].Should().Be(0x5A);
        await client.SendAsync("4a");
        (await client.ReadExactlyAsync(2)).Should().Equal("4a"u8.ToArray());
    }

    [Fact]
    public async Task Socks4_to_a_refused_port_gets_5B()
    {
        using var refusing = new RefusingPort();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4(SocksBytes.Connect, IPAddress.Loopback, refusing.Port));

        (await client.ReadExactlyAsync(8))[1].Should().Be(0x5B);
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Socks4_bind_is_rejected_with_5B()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4(SocksBytes.Bind, IPAddress.Loopback, 80));

        (await client.ReadExactlyAsync(8))[1].Should().Be(0x5B);
    }

    [Fact]
    public async Task An_overlong_user_id_closes_the_connection()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4(SocksBytes.Connect, IPAddress.Loopback, 80, new string('u', 300)));

        (await client.WaitClosedAsync()).Should().BeTrue();
    }
}
