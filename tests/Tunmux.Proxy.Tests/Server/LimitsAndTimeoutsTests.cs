using Tunmux.Proxy.Connections;
using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Server;

public sealed class LimitsAndTimeoutsTests
{
    [Fact]
    public void Defaults_are_safe()
    {
        var options = new ProxyServerOptions();

        options.ConnectTimeout.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        options.HandshakeTimeout.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        options.IdleTimeout.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        options.MaxConnections.Should().BeInRange(1, 100_000);
        options.AccessLogEnabled.Should().BeFalse();
        options.Credentials.Should().BeNull();
        options.MaxHttpHeaderBytes.Should().Be(64 * 1024);
    }

    [Theory]
    [InlineData(nameof(ProxyServerOptions.MaxConnections))]
    [InlineData(nameof(ProxyServerOptions.ConnectTimeout))]
    [InlineData(nameof(ProxyServerOptions.IdleTimeout))]
    public void Nonsense_options_are_refused_at_construction(string which)
    {
        var options = which switch
        {
            nameof(ProxyServerOptions.MaxConnections) => new ProxyServerOptions { MaxConnections = 0 },
            nameof(ProxyServerOptions.ConnectTimeout) => new ProxyServerOptions { ConnectTimeout = TimeSpan.Zero },
            _ => new ProxyServerOptions { IdleTimeout = TimeSpan.FromSeconds(-1) },
        };

        var create = () => new ProxyServer(options);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(which);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_closed_at_once_and_a_freed_slot_is_reused()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { MaxConnections = 2 });
        using var first = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        var second = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);

        using (var third = await RawClient.ConnectAsync(proxy.SocksEndPoint))
        {
            (await third.WaitClosedAsync()).Should().BeTrue("the third connection is over the limit");
        }

        second.Dispose();
        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 1, "the second connection is gone");
        using var fourth = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        await fourth.SendAsync("ok");
        (await fourth.ReadExactlyAsync(2)).Should().Equal("ok"u8.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_sends_nothing_is_dropped_after_the_handshake_timeout(bool http)
    {
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = await RawClient.ConnectAsync(http ? proxy.HttpEndPoint : proxy.SocksEndPoint);

        (await client.WaitClosedAsync()).Should().BeTrue();
        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 0, "the connection is released");
    }

    [Fact]
    public async Task A_half_sent_socks_greeting_is_dropped_after_the_handshake_timeout()
    {
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync([0x05, 0x02, 0x00]);

        (await client.WaitClosedAsync()).Should().BeTrue();
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the timeout is logged");
        proxy.AccessLog.Entries[0].Result.Should().Be(ProxyOutcome.HandshakeTimeout);
    }

    [Fact]
    public async Task A_slow_http_head_gets_408_after_the_handshake_timeout()
    {
        // 408 answers a head that was begun: the half head must have been read before the timeout, or the
        // proxy rightly closes in silence as for a client that sent nothing. A loaded machine (a CI run with
        // every test assembly at once) delayed the send past 300 ms; seconds leave room for that.
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(3) });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("GET http://127.0.0.1/ HTTP/1.1\r\nX-Slow: ");

        (await client.ReadResponseAsync()).Status.Should().Be(408);
    }

    [Fact]
    public async Task An_idle_keep_alive_http_connection_is_closed_after_the_idle_timeout()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);
        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");
        (await client.ReadResponseAsync()).Status.Should().Be(200);

        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Running_without_any_tcp_listener_is_refused()
    {
        var server = new ProxyServer(new ProxyServerOptions());

        var run = () => server.RunAsync(new ProxyListeners([], [], []), CancellationToken.None);

        await run.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Listeners_on_IPv6_loopback_serve_as_well()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(ipv6: true);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPointV6!);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, echo.EndPoint));

        code.Should().Be(0x00);
        await client.SendAsync("v6 listener");
        (await client.ReadExactlyAsync(11)).Should().Equal("v6 listener"u8.ToArray());
        proxy.SocksEndPointV6!.Address.Should().Be(IPAddress.IPv6Loopback);
    }
}
