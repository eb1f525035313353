using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

/// <summary>
/// How the handshake arrives must not matter: all at once (greeting, request and even the first
/// payload in one write, as pipelining clients do), or one byte at a time.
/// </summary>
public sealed class Socks5PipeliningTests
{
    [Fact]
    public async Task Greeting_request_and_payload_in_one_write_are_all_served()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync([.. SocksBytes.Greeting(0x00), .. SocksBytes.Request(SocksBytes.Connect, echo.EndPoint), .. "early"u8]);

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x00);
        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x00);
        (await client.ReadExactlyAsync(5)).Should().Equal("early"u8.ToArray(), "bytes behind the request go to the target first");
    }

    [Fact]
    public async Task Greeting_login_and_request_in_one_write_are_all_answered()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Credentials = new ProxyCredentials("alice", "s3cret") });
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync([.. SocksBytes.Greeting(0x02), .. SocksBytes.UserPass("alice", "s3cret"), .. SocksBytes.Request(SocksBytes.Connect, echo.EndPoint)]);

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x02);
        (await client.ReadExactlyAsync(2)).Should().Equal(0x01, 0x00);
        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x00);
        await client.SendAsync("ok");
        (await client.ReadExactlyAsync(2)).Should().Equal("ok"u8.ToArray());
    }

    [Fact]
    public async Task A_handshake_sent_one_byte_at_a_time_is_served()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await SendByteByByteAsync(client, SocksBytes.Greeting(0x00));
        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x00);
        await SendByteByByteAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, "localhost", echo.Port));

        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x00);
        await client.SendAsync("drip");
        (await client.ReadExactlyAsync(4)).Should().Equal("drip"u8.ToArray());
    }

    [Fact]
    public async Task A_refusal_queued_behind_a_pipelined_greeting_still_reaches_the_client()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync([.. SocksBytes.Greeting(0x00), 0x05, SocksBytes.Bind, 0x00, 0x01, 127, 0, 0, 1, 0, 80]);

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x00);
        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x07, "BIND is not supported");
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    /// <summary>Each byte in its own segment: NoDelay is on, and each write waits until the proxy could have read it.</summary>
    private static async Task SendByteByByteAsync(RawClient client, byte[] message)
    {
        foreach (var b in message)
        {
            await client.SendAsync([b]);
            await Task.Yield();
        }
    }
}
