using Tunmux.Proxy.Connections;
using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

public sealed class Socks5AuthTests
{
    private static readonly ProxyServerOptions WithCredentials = new() { Credentials = new ProxyCredentials("alice", "s3cret-pw") };

    [Fact]
    public async Task Correct_username_and_password_are_accepted()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Greeting(0x00, 0x02));
        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x02);
        await client.SendAsync(SocksBytes.UserPass("alice", "s3cret-pw"));
        (await client.ReadExactlyAsync(2)).Should().Equal(0x01, 0x00);
        await client.SendAsync(SocksBytes.Request(SocksBytes.Connect, echo.EndPoint));

        (await SocksBytes.ReadReplyAsync(client)).Code.Should().Be(0x00);
        await client.SendAsync("authed");
        (await client.ReadExactlyAsync(6)).Should().Equal("authed"u8.ToArray());
    }

    [Fact]
    public async Task A_wrong_password_gets_status_01_and_the_connection_closes()
    {
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Greeting(0x02));
        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0x02);
        await client.SendAsync(SocksBytes.UserPass("alice", "wrong-guess"));

        (await client.ReadExactlyAsync(2)).Should().Equal(0x01, 0x01);
        (await client.WaitClosedAsync()).Should().BeTrue();
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the failure is logged");
        var entry = proxy.AccessLog.Entries[0];
        entry.Result.Should().Be(ProxyOutcome.AuthFailed);
        entry.ToString().Should().NotContain("wrong-guess").And.NotContain("s3cret-pw");
    }

    [Fact]
    public async Task A_client_offering_only_no_auth_is_refused_when_credentials_are_required()
    {
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Greeting(0x00));

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0xFF);
    }

    [Fact]
    public async Task Socks4_is_refused_when_credentials_are_required()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Socks4(SocksBytes.Connect, IPAddress.Loopback, echo.Port));

        (await client.ReadExactlyAsync(8))[1].Should().Be(0x5B);
        echo.Peers.Should().BeEmpty();
    }

    [Fact]
    public void Credentials_never_show_the_password()
    {
        var credentials = new ProxyCredentials("alice", "s3cret-pw");

        credentials.ToString().Should().Contain("alice").And.NotContain("s3cret-pw");
        (WithCredentials with { Name = "x" }).ToString().Should().NotContain("s3cret-pw");
    }
}
