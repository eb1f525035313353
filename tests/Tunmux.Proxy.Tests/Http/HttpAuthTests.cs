using Tunmux.Proxy.Connections;
using System.Text;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Http;

public sealed class HttpAuthTests
{
    private static readonly ProxyServerOptions WithCredentials = new() { Credentials = new ProxyCredentials("bob", "pa55:word") };

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Without_credentials_the_proxy_answers_407_with_a_Basic_challenge()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Status.Should().Be(407);
        response.Header("Proxy-Authenticate").Should().StartWith("Basic realm=");
        origin.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task After_a_407_the_client_can_retry_on_the_same_connection_with_credentials()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\nProxy-Authorization: {Basic("bob", "wrong")}\r\n\r\n");
        var refused = await client.ReadResponseAsync();
        await client.SendAsync($"GET {origin.BaseUrl}/in HTTP/1.1\r\nProxy-Authorization: {Basic("bob", "pa55:word")}\r\n\r\n");
        var accepted = await client.ReadResponseAsync();

        refused.Status.Should().Be(407);
        accepted.BodyText.Should().Be("hello GET /in");
        origin.Requests.Single().Has("Proxy-Authorization").Should().BeFalse("the proxy consumes its own credentials");
    }

    [Fact]
    public async Task Connect_requires_credentials_too()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\n\r\n");
        var refused = await client.ReadResponseAsync();
        await client.SendAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\nProxy-Authorization: {Basic("bob", "pa55:word")}\r\n\r\n");
        var accepted = await client.ReadResponseAsync(noBody: true);

        refused.Status.Should().Be(407);
        accepted.Status.Should().Be(200);
        await client.SendAsync("in");
        (await client.ReadExactlyAsync(2)).Should().Equal("in"u8.ToArray());
        echo.Peers.Should().ContainSingle("only the authorized CONNECT reached the target");
    }

    [Fact]
    public async Task The_access_log_never_holds_the_password()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(WithCredentials);
        using (var client = await RawClient.ConnectAsync(proxy.HttpEndPoint))
        {
            await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\nProxy-Authorization: {Basic("bob", "pa55:word")}\r\n\r\n");
            await client.ReadResponseAsync();
            await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\nProxy-Authorization: {Basic("bob", "guess-pw")}\r\n\r\n");
            await client.ReadResponseAsync();
        }

        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 2, "both requests are logged");
        var text = string.Join("\n", proxy.AccessLog.Entries.Select(e => e.ToString()));
        text.Should().NotContain("pa55").And.NotContain("guess-pw").And.NotContain(Basic("bob", "pa55:word")[6..]);
        proxy.AccessLog.Entries.Select(e => e.Result).Should().Equal(ProxyOutcome.Ok, ProxyOutcome.AuthFailed);
    }
}
