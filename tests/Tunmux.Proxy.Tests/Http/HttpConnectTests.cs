using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Http;

public sealed class HttpConnectTests
{
    [Fact]
    public async Task Connect_answers_200_and_then_relays_raw_bytes()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\nHost: 127.0.0.1:{echo.Port}\r\n\r\n");

        var response = await client.ReadResponseAsync(noBody: true);
        response.StatusLine.Should().Be("HTTP/1.1 200 Connection established");
        await client.SendAsync("\x16\x03\x01 not really tls");
        (await client.ReadExactlyAsync(18)).Should().Equal("\x16\x03\x01 not really tls"u8.ToArray());
    }

    [Fact]
    public async Task Tunnel_bytes_sent_with_the_request_are_not_lost()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"CONNECT localhost:{echo.Port} HTTP/1.1\r\n\r\nhello-early");

        (await client.ReadResponseAsync(noBody: true)).Status.Should().Be(200);
        (await client.ReadExactlyAsync(11)).Should().Equal("hello-early"u8.ToArray());
    }

    [Fact]
    public async Task Connect_to_an_IPv6_literal_works()
    {
        await using var echo = new TcpEchoServer(IPAddress.IPv6Loopback);
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"CONNECT [::1]:{echo.Port} HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync(noBody: true)).Status.Should().Be(200);
        await client.SendAsync("six");
        (await client.ReadExactlyAsync(3)).Should().Equal("six"u8.ToArray());
    }

    [Fact]
    public async Task Connect_to_a_refused_port_answers_502_with_a_short_text()
    {
        using var refusing = new RefusingPort();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"CONNECT 127.0.0.1:{refusing.Port} HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Status.Should().Be(502);
        response.Header("Content-Type").Should().StartWith("text/plain");
        response.BodyText.Should().Contain("refused");
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Connect_that_times_out_answers_504()
    {
        var options = new ProxyServerOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        await using var proxy = ProxyHarness.Start(options, new FakeConnector { ConnectHangs = true });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("CONNECT 127.0.0.1:9 HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(504);
    }

    [Fact]
    public async Task Connect_without_a_port_is_a_bad_request_only_when_the_authority_is_malformed()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("CONNECT user@host:443 HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(400);
    }
}
