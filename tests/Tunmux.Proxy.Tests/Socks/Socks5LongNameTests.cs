using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Socks;

/// <summary>The longest names each protocol can carry get that protocol's reply, never a dropped connection.</summary>
public sealed class Socks5LongNameTests
{
    /// <summary>Four labels of 63 characters and three dots: 255 bytes, the most a SOCKS5 length byte allows.</summary>
    private static readonly string LongestName = string.Join('.', Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 63)));

    [Fact]
    public async Task A_255_byte_domain_name_is_connected()
    {
        LongestName.Length.Should().Be(255);
        await using var echo = new TcpEchoServer(IPAddress.Loopback);
        var connector = new FakeConnector { Addresses = [IPAddress.Loopback] };
        await using var proxy = ProxyHarness.Start(connector: connector);
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, LongestName, echo.Port));

        code.Should().Be(0x00);
        await client.SendAsync("long");
        (await client.ReadExactlyAsync(4)).Should().Equal("long"u8.ToArray());
    }

    [Fact]
    public async Task A_255_byte_name_that_does_not_resolve_gets_a_socks_reply()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);

        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.RequestDomain(SocksBytes.Connect, LongestName, 80));

        code.Should().NotBe(0x00).And.BeOneOf(0x01, 0x04);
    }
}
