using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Server;

public sealed class RobustnessTests
{
    private const int Cases = 3000;

    [Fact]
    public async Task Thousands_of_malformed_truncated_and_oversized_requests_leave_the_proxy_serving()
    {
        await using var origin = new HttpOrigin();
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(5) });
        var inputs = Generate(new Random(20240611), origin.Port, echo.Port).Take(Cases).ToList();
        var next = -1;

        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < inputs.Count)
            {
                await SendAndForgetAsync(inputs[i].Http ? proxy.HttpEndPoint : proxy.SocksEndPoint, inputs[i].Bytes, abort: i % 7 == 0);
            }
        }));
        await Task.WhenAll(workers).Within(TimeSpan.FromSeconds(120));

        await Wait.UntilAsync(() => proxy.Server.ActiveConnections == 0, "every malformed connection is released", TimeSpan.FromSeconds(20));
        using var http = await RawClient.ConnectAsync(proxy.HttpEndPoint);
        await http.SendAsync($"GET {origin.BaseUrl}/after HTTP/1.1\r\n\r\n");
        (await http.ReadResponseAsync()).BodyText.Should().Be("hello GET /after");
        using var socks = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
        await socks.SendAsync("alive");
        (await socks.ReadExactlyAsync(5)).Should().Equal("alive"u8.ToArray());
    }

    private static async Task SendAndForgetAsync(IPEndPoint endpoint, byte[] bytes, bool abort)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.ConnectAsync(endpoint, cts.Token);
            await socket.SendAsync(bytes, SocketFlags.None, cts.Token);
            if (abort)
            {
                socket.LingerState = new LingerOption(true, 0);
                return;
            }

            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[16 * 1024];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // The proxy may reset a connection it refused; that is an acceptable answer to garbage.
        }
    }

    private static IEnumerable<(bool Http, byte[] Bytes)> Generate(Random random, int originPort, int echoPort)
    {
        var valid = Encoding.ASCII.GetBytes($"POST http://127.0.0.1:{originPort}/x HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
        var validChunked = Encoding.ASCII.GetBytes($"POST http://127.0.0.1:{originPort}/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        byte[] socks5 = [0x05, 0x01, 0x00, 0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, (byte)(echoPort >> 8), (byte)echoPort];
        byte[] socks4 = [0x04, 0x01, (byte)(echoPort >> 8), (byte)echoPort, 127, 0, 0, 1, 0x41, 0x00];
        while (true)
        {
            yield return random.Next(12) switch
            {
                0 => (true, Bytes(random, random.Next(1, 2000))),
                1 => (true, valid[..random.Next(1, valid.Length)]),
                2 => (true, validChunked[..random.Next(1, validChunked.Length)]),
                3 => (true, Mutate(random, valid)),
                4 => (true, Mutate(random, validChunked)),
                5 => (true, Encoding.ASCII.GetBytes("GET http://127.0.0.1/ HTTP/1.1\r\nX: " + new string('a', random.Next(60_000, 80_000)) + "\r\n\r\n")),
                6 => (true, Encoding.ASCII.GetBytes($"POST http://127.0.0.1:{originPort}/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")),
                7 => (false, [0x05, .. Bytes(random, random.Next(0, 300))]),
                8 => (false, [0x04, .. Bytes(random, random.Next(0, 300))]),
                9 => (false, socks5[..random.Next(1, socks5.Length)]),
                10 => (false, Mutate(random, socks4)),
                _ => (false, Bytes(random, random.Next(1, 64))),
            };
        }
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] template)
    {
        var bytes = (byte[])template.Clone();
        for (var flips = random.Next(1, 4); flips > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
