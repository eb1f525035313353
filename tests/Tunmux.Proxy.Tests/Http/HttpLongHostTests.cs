using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Http;

/// <summary>A host longer than DNS allows is the client's mistake: a 4xx reply, never a dropped connection.</summary>
public sealed class HttpLongHostTests
{
    private static readonly string TooLongHost = string.Join('.', Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 63)));

    [Theory]
    [InlineData("CONNECT {0}:443 HTTP/1.1\r\nHost: {0}:443\r\n\r\n")]
    [InlineData("GET http://{0}/ HTTP/1.1\r\nHost: {0}\r\n\r\n")]
    public async Task An_over_long_host_gets_a_4xx_reply(string template)
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, TooLongHost));

        var response = await client.ReadResponseAsync();
        response.Status.Should().BeInRange(400, 499);
    }
}
