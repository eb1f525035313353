using Tunmux.Proxy.Connections;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

public sealed class Socks5ConnectTests
{
    [Fact]
    public async Task Connect_to_an_IPv4_address_relays_both_ways_and_reports_the_outbound_address()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, bound) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, echo.EndPoint));

        code.Should().Be(0x00);
        await client.SendAsync("ping through socks5");
        Encoding.ASCII.GetString(await client.ReadExactlyAsync(19)).Should().Be("ping through socks5");
        echo.Peers.Should().ContainSingle().Which.Should().Be(bound, "BND.ADDR/PORT is the outbound socket's local endpoint");
    }

    [Fact]
    public async Task Connect_to_an_IPv6_address_works()
    {
        await using var echo = new TcpEchoServer(IPAddress.IPv6Loopback);
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, bound) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, echo.EndPoint));

        code.Should().Be(0x00);
        bound.AddressFamily.Should().Be(AddressFamily.InterNetworkV6);
        bound.Address.Should().Be(IPAddress.IPv6Loopback);
        await client.SendAsync("v6");
        (await client.ReadExactlyAsync(2)).Should().Equal("v6"u8.ToArray());
    }

    [Fact]
    public async Task Connect_to_a_domain_is_resolved_by_the_engine()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, "localhost", echo.Port));

        code.Should().Be(0x00);
        await client.SendAsync("named");
        (await client.ReadExactlyAsync(5)).Should().Equal("named"u8.ToArray());
        proxy.AccessLog.Entries.Should().BeEmpty("the connection is still open");
    }

    [Fact]
    public async Task A_domain_with_both_families_is_tried_IPv4_first()
    {
        await using var echo = new TcpEchoServer(IPAddress.Loopback);
        var connector = new FakeConnector { Addresses = [IPAddress.IPv6Loopback, IPAddress.Loopback] };
        await using var proxy = ProxyHarness.Start(connector: connector);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, bound) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, "dual.test", echo.Port));

        code.Should().Be(0x00);
        bound.Address.Should().Be(IPAddress.Loopback);
        connector.Attempts.Should().ContainSingle().Which.Address.Should().Be(IPAddress.Loopback);
    }

    [Fact]
    public async Task When_IPv4_fails_the_IPv6_address_is_tried_next()
    {
        await using var echo = new TcpEchoServer(IPAddress.IPv6Loopback);
        var connector = new FakeConnector { Addresses = [IPAddress.IPv6Loopback, IPAddress.Loopback] };
        await using var proxy = ProxyHarness.Start(connector: connector);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        // Nothing listens on 127.0.0.1 at the echo server's port, so the IPv4 attempt is refused.
        var (code, bound) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, "dual.test", echo.Port));

        code.Should().Be(0x00);
        bound.Address.Should().Be(IPAddress.IPv6Loopback);
        connector.Attempts.Select(a => a.Address).Should().Equal(IPAddress.Loopback, IPAddress.IPv6Loopback);
    }

    [Fact]
    public async Task Bytes_sent_right_behind_the_request_reach_the_target()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        // Greeting, request and payload in one write, as optimistic clients do.
        await client.SendAsync([.. SocksBytes.Greeting(0x00), .. SocksBytes.Request(SocksBytes.Connect, echo.EndPoint), .. "early"u8.ToArray()]);

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x00);
        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x00);
        (await client.ReadExactlyAsync(5)).Should().Equal("early"u8.ToArray());
    }

    [Fact]
    public async Task Half_close_from_the_client_is_propagated_and_the_rest_still_arrives()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        (await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, echo.EndPoint))).Code.Should().Be(0x00);

        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await client.SendAsync(payload);
        client.ShutdownSend();

        // The echo server only half-closes after it sees our FIN, so reaching EOF proves the FIN went through.
        var echoed = await client.ReadToEndAsync();
        echoed.Should().Equal(payload);
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the access log has the connection");
        var entry = proxy.AccessLog.Entries[0];
        entry.Result.Should().Be(ProxyOutcome.Ok);
        entry.BytesUp.Should().Be(payload.Length);
        entry.BytesDown.Should().Be(payload.Length);
    }
}
