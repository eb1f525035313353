using Tunmux.Proxy.Connections;
using System.Net.Sockets;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Server;

public sealed class DrainTests
{
    [Fact]
    public async Task On_stop_new_connections_are_refused_while_open_tunnels_keep_working_until_they_end()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { DrainGracePeriod = TimeSpan.FromSeconds(30) });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);

        proxy.RequestStop();

        await Wait.UntilAsync(() => !CanConnect(proxy), "the listener is closed");
        proxy.Run.IsCompleted.Should().BeFalse("an open tunnel is still draining");
        await client.SendAsync("still here");
        (await client.ReadExactlyAsync(10)).Should().Equal("still here"u8.ToArray());
        client.ShutdownSend();
        (await client.ReadToEndAsync()).Should().BeEmpty();
        await proxy.Run.Within();
    }

    [Fact]
    public async Task Tunnels_still_open_after_the_grace_period_are_cut()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { DrainGracePeriod = TimeSpan.FromMilliseconds(300) });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);

        proxy.RequestStop();

        await proxy.Run.Within();
        (await client.WaitClosedAsync()).Should().BeTrue();
        proxy.AccessLog.Entries.Should().ContainSingle().Which.Result.Should().Be(ProxyOutcome.Aborted);
    }

    [Fact]
    public async Task A_cut_ends_open_tunnels_at_once_instead_of_draining_them()
    {
        await using var echo = new TcpEchoServer();
        // A drain this long would outlast the test: only the cut can end the run.
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { DrainGracePeriod = TimeSpan.FromHours(1) });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        await client.SendAsync("open");
        (await client.ReadExactlyAsync(4)).Should().Equal("open"u8.ToArray());

        proxy.RequestCut();

        await proxy.Run.Within();
        (await client.WaitClosedAsync()).Should().BeTrue();
        proxy.AccessLog.Entries.Should().ContainSingle().Which.Result.Should().Be(ProxyOutcome.Aborted);
    }

    [Fact]
    public async Task A_cut_during_a_drain_ends_it()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { DrainGracePeriod = TimeSpan.FromHours(1) });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        proxy.RequestStop();
        await Wait.UntilAsync(() => !CanConnect(proxy), "the drain has begun (the listener is closed)");
        proxy.Run.IsCompleted.Should().BeFalse("the open tunnel holds the drain");

        proxy.RequestCut();

        await proxy.Run.Within();
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Idle_keep_alive_http_connections_close_as_soon_as_the_stop_begins()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { DrainGracePeriod = TimeSpan.FromSeconds(30) });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);
        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");
        (await client.ReadResponseAsync()).Status.Should().Be(200);

        proxy.RequestStop();

        (await client.WaitClosedAsync()).Should().BeTrue();
        await proxy.Run.Within();
    }

    private static bool CanConnect(ProxyHarness proxy)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(proxy.SocksEndPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
