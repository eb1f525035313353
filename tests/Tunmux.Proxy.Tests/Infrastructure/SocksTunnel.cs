using System.Net;

namespace Tunmux.Proxy.Tests.Infrastructure;

internal static class SocksTunnel
{
    /// <summary>A SOCKS5 CONNECT through the proxy, ready for payload.</summary>
    public static async Task<RawClient> OpenAsync(ProxyHarness proxy, IPEndPoint target)
    {
        var client = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        var (code, _) = await SocksBytes.NegotiateAsync(client, SocksBytes.Request(SocksBytes.Connect, target));
        code.Should().Be(0x00);
        return client;
    }
}
