using Tunmux.Proxy.Connections;
using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Server;

public sealed class AccessLogTests
{
    [Fact]
    public async Task The_access_log_is_off_unless_enabled()
    {
        var sink = new CollectingAccessLog();
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { AccessLogSink = sink, AccessLogEnabled = false });
        using (var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint))
        {
            await client.SendAsync("x");
            await client.ReadExactlyAsync(1);
        }

        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 0, "the connection is over");
        sink.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task A_tunnel_gets_one_line_with_client_protocol_target_bytes_duration_and_result()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Name = "exit-a" });
        IPEndPoint clientEndPoint;
        using (var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint))
        {
            clientEndPoint = (IPEndPoint)client.Socket.LocalEndPoint!;
            await client.SendAsync("12345");
            await client.ReadExactlyAsync(5);
            client.ShutdownSend();
            await client.ReadToEndAsync();
        }

        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the tunnel is logged");
        var entry = proxy.AccessLog.Entries[0];
        entry.Proxy.Should().Be("exit-a");
        entry.Client.Should().Be(clientEndPoint.ToString());
        entry.Protocol.Should().Be("socks5");
        entry.Target.Should().Be(echo.EndPoint.ToString());
        entry.BytesUp.Should().Be(5);
        entry.BytesDown.Should().Be(5);
        entry.Duration.Should().BePositive();
        entry.Result.Should().Be(ProxyOutcome.Ok);
    }

    [Fact]
    public async Task Forwarded_http_requests_get_one_line_each_with_method_and_status()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Text(r.Target == "/missing" ? 404 : 200, "body"));
        await using var proxy = ProxyHarness.Start();
        using (var client = await RawClient.ConnectAsync(proxy.HttpEndPoint))
        {
            await client.SendAsync($"POST {origin.BaseUrl}/ HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
            await client.ReadResponseAsync();
            await client.SendAsync($"GET {origin.BaseUrl}/missing HTTP/1.1\r\n\r\n");
            await client.ReadResponseAsync();
        }

        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 2, "both requests are logged");
        proxy.AccessLog.Entries.Select(e => e.Detail).Should().Equal("POST 200", "GET 404");
        proxy.AccessLog.Entries.Select(e => (e.BytesUp, e.BytesDown)).Should().Equal((3L, 4L), (0L, 4L));
        proxy.AccessLog.Entries.Should().AllSatisfy(e => e.Target.Should().Be($"127.0.0.1:{origin.Port}"));
    }
}
