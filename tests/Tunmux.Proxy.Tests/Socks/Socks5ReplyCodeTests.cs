using Tunmux.Proxy.Connections;
using System.Net;
using System.Net.Sockets;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

public sealed class Socks5ReplyCodeTests
{
    [Fact]
    public async Task A_refused_port_gets_reply_05()
    {
        using var refusing = new RefusingPort();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, bound) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, new IPEndPoint(IPAddress.Loopback, refusing.Port)));

        code.Should().Be(0x05);
        bound.Should().Be(new IPEndPoint(IPAddress.Any, 0));
        (await client.WaitClosedAsync()).Should().BeTrue("a failed request ends the connection");
    }

    [Fact]
    public async Task Bind_is_not_supported_and_gets_reply_07()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Bind, new IPEndPoint(IPAddress.Loopback, 80)));

        code.Should().Be(0x07);
    }

    [Fact]
    public async Task An_unknown_command_gets_reply_07()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(0x09, new IPEndPoint(IPAddress.Loopback, 80)));

        code.Should().Be(0x07);
    }

    [Fact]
    public async Task An_unknown_address_type_gets_reply_08()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, [0x05, 0x01, 0x00, 0x02, 1, 2, 3, 4, 0, 80]);

        code.Should().Be(0x08);
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Theory]
    [InlineData(SocketError.NetworkUnreachable, 0x03)]
    [InlineData(SocketError.HostUnreachable, 0x04)]
    [InlineData(SocketError.ConnectionRefused, 0x05)]
    [InlineData(SocketError.TimedOut, 0x06)]
    [InlineData(SocketError.AccessDenied, 0x02)]
    [InlineData(SocketError.ProtocolNotSupported, 0x01)]
    public async Task Connect_errors_map_to_their_reply_codes(SocketError error, byte expected)
    {
        await using var proxy = ProxyHarness.Start(connector: new FakeConnector { ConnectError = error });
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, new IPEndPoint(IPAddress.Loopback, 9)));

        code.Should().Be(expected);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_gets_reply_04()
    {
        await using var proxy = ProxyHarness.Start(connector: new FakeConnector { ResolveError = SocketError.HostNotFound });
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, "nowhere.test", 80));

        code.Should().Be(0x04);
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the failure is logged");
        proxy.AccessLog.Entries[0].Result.Should().Be(ProxyOutcome.NameNotResolved);
    }

    [Fact]
    public async Task A_connect_that_outlasts_the_connect_timeout_gets_reply_06()
    {
        var options = new ProxyServerOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        await using var proxy = ProxyHarness.Start(options, new FakeConnector { ConnectHangs = true });
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, new IPEndPoint(IPAddress.Loopback, 9)));

        code.Should().Be(0x06);
    }

    [Theory]
    [InlineData("bad host")]
    [InlineData("evil\u0000name")]
    [InlineData("a/b")]
    public async Task A_host_name_no_resolver_should_see_gets_reply_04_without_a_lookup(string host)
    {
        var connector = new FakeConnector { Addresses = [IPAddress.Loopback] };
        await using var proxy = ProxyHarness.Start(connector: connector);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, host, 80));

        code.Should().Be(0x04);
        connector.Attempts.Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_that_offers_no_usable_method_gets_FF()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        await client.SendAsync(SocksBytes.Greeting(0x02, 0x80));

        (await client.ReadExactlyAsync(2)).Should().Equal(0x05, 0xFF);
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task A_wrong_version_in_the_request_gets_a_general_failure()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, [0x04, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0, 80]);

        code.Should().Be(0x01);
    }
}
