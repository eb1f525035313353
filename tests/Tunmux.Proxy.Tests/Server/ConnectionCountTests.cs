using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Server;

/// <summary>Issue #4: the counts a worker publishes for tunmux_proxy_connections_active/_total.</summary>
public sealed class ConnectionCountTests
{
    [Fact]
    public async Task Open_connections_are_active_and_every_admitted_one_adds_to_the_total()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        proxy.Server.ConnectionCounts.Should().Be((0, 0L));

        var first = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        using var second = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        using var third = await RawClient.ConnectAsync(proxy.HttpEndPoint);
        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 3, "three connections to be open");
        proxy.Server.ConnectionCounts.Should().Be((3, 3L));

        first.Dispose();
        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 2, "the first connection to end");

        proxy.Server.ConnectionCounts.Should().Be((2, 3L), "the total keeps connections that ended");
        proxy.Server.TotalConnections.Should().Be(3);
    }

    [Fact]
    public async Task A_connection_refused_over_the_limit_is_not_counted()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { MaxConnections = 1 });
        using var held = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);

        using (var refused = await RawClient.ConnectAsync(proxy.SocksEndPoint))
        {
            (await refused.WaitClosedAsync()).Should().BeTrue("the second connection is over the limit");
        }

        proxy.Server.ConnectionCounts.Should().Be((1, 1L));
    }
}
