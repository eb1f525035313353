using Tunmux.Proxy.Connections;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Relay;

/// <summary>Both relays must behave the same; every test runs against each.</summary>
public sealed class RelayTests
{
    public static TheoryData<RelayMode> Modes => [RelayMode.Managed, RelayMode.Splice];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_configured_relay_is_the_one_in_use(RelayMode mode)
    {
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode });

        proxy.Server.RelayName.Should().Be(mode == RelayMode.Splice ? "splice" : "managed");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Sixteen_megabytes_each_way_arrive_intact(RelayMode mode)
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        var payload = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);

        // Send and receive at once: the echo path is full duplex.
        var sending = Task.Run(async () =>
        {
            await client.SendAsync(payload);
            client.ShutdownSend();
        });
        var received = await client.ReadToEndAsync(TimeSpan.FromSeconds(60));
        await sending.Within();

        SHA256.HashData(received).Should().Equal(SHA256.HashData(payload));
        if (proxy.Server.Relay is Tunmux.Proxy.Relay.SpliceRelay splice)
        {
            // Each direction copies until one read fills its buffer (at most a buffer's worth of reads
            // before that on a busy socket), then splices: the bulk of the data never enters user space.
            splice.SplicedBytes.Should().BeGreaterThan(payload.Length, "once bulk data flows, both directions move it by splice(2)");
        }

        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the relay finished");
        proxy.AccessLog.Entries[0].BytesUp.Should().Be(payload.Length);
        proxy.AccessLog.Entries[0].BytesDown.Should().Be(payload.Length);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_target_that_half_closes_still_receives_what_the_client_sends_afterwards(RelayMode mode)
    {
        using var listener = ProxyHarness.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode });
        using var client = await SocksTunnel.OpenAsync(proxy, (IPEndPoint)listener.LocalEndPoint!);
        using var target = await listener.AcceptAsync().Within();

        await target.SendAsync("server done"u8.ToArray());
        target.Shutdown(SocketShutdown.Send);
        var fromServer = await client.ReadToEndAsync();
        await client.SendAsync("client still talking");
        client.ShutdownSend();
        var fromClient = await ReadToEndAsync(target);

        fromServer.Should().Equal("server done"u8.ToArray());
        fromClient.Should().Equal("client still talking"u8.ToArray());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_slow_reader_holds_back_the_sender_instead_of_growing_buffers(RelayMode mode)
    {
        using var listener = ProxyHarness.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode });
        using var client = await SocksTunnel.OpenAsync(proxy, (IPEndPoint)listener.LocalEndPoint!);
        using var target = await listener.AcceptAsync().Within();
        const int total = 256 * 1024 * 1024;
        long sent = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            while (Interlocked.Read(ref sent) < total)
            {
                var n = await target.SendAsync(chunk, SocketFlags.None, stop.Token);
                Interlocked.Add(ref sent, n);
            }
        });

        // The client reads nothing: the target's writes must stall once the socket buffers and one relay buffer are full.
        var stalledAt = await Wait.UntilStableAsync(() => Interlocked.Read(ref sent), TimeSpan.FromMilliseconds(500), "the target's writes stall", TimeSpan.FromSeconds(30));

        stalledAt.Should().BeLessThan(total);
        stalledAt.Should().BeLessThan(64L * 1024 * 1024, "only kernel socket buffers (a few MB each) and one relay buffer may hold data");
        await stop.CancelAsync();
        await Task.WhenAny(writer);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_tunnel_with_no_traffic_is_closed_after_the_idle_timeout(RelayMode mode)
    {
        // The echo below must pass before the tunnel counts as idle: seconds, not milliseconds, so a
        // loaded machine that delays the client's first send does not close the tunnel before it.
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode, IdleTimeout = TimeSpan.FromSeconds(3) });
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        await client.SendAsync("x");
        (await client.ReadExactlyAsync(1)).Should().Equal((byte)'x');

        (await client.WaitClosedAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the tunnel is logged");
        proxy.AccessLog.Entries[0].Result.Should().Be(ProxyOutcome.IdleTimeout);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_reset_from_the_target_ends_the_client_side_too(RelayMode mode)
    {
        using var listener = ProxyHarness.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode });
        using var client = await SocksTunnel.OpenAsync(proxy, (IPEndPoint)listener.LocalEndPoint!);
        var target = await listener.AcceptAsync().Within();

        target.LingerState = new LingerOption(true, 0);
        target.Dispose();

        var read = async () => await client.Socket.ReceiveAsync(new byte[16], SocketFlags.None).Within();
        (await read.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionReset);
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the tunnel is logged");
        proxy.AccessLog.Entries[0].Result.Should().Be(ProxyOutcome.Reset);
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Wait.Default);
        var all = new List<byte>();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
        {
            all.AddRange(buffer.Take(n));
        }

        return [.. all];
    }
}
