using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Http;

public sealed class HttpErrorTests
{
    [Theory]
    [InlineData("GET /relative HTTP/1.1\r\n\r\n")]
    [InlineData("GET https://127.0.0.1/ HTTP/1.1\r\n\r\n")]
    [InlineData("GET  http://127.0.0.1/ HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1 extra\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTX/1.1\r\n\r\n")]
    [InlineData("G@T http://127.0.0.1/ HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1\r\nNo colon here\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1\r\nName : x\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1\r\nA: b\r\n folded\r\n\r\n")]
    [InlineData("GET http://127.0.0.1/ HTTP/1.1\r\nA: b\x01c\r\n\r\n")]
    [InlineData("GET http://user@127.0.0.1/ HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://127.0.0.1:99999/ HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://127.0.0.1:/ HTTP/1.1\r\n\r\n")]
    [InlineData("POST http://127.0.0.1/ HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("POST http://127.0.0.1/ HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")]
    [InlineData("POST http://127.0.0.1/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("POST http://127.0.0.1/ HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")]
    public async Task Malformed_requests_get_400_and_a_close(string request)
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync(request);

        var response = await client.ReadResponseAsync();
        response.Status.Should().Be(400);
        response.Header("Connection").Should().Be("close");
        response.BodyText.Should().StartWith("Bad request");
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task An_unsupported_HTTP_version_gets_505()
    {
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("GET http://127.0.0.1/ HTTP/2.0\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(505);
    }

    [Fact]
    public async Task Headers_over_the_limit_get_431()
    {
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { MaxHttpHeaderBytes = 8 * 1024 });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("GET http://127.0.0.1/ HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"X-Filler-{i}: {new string('v', 20)}\r\n")) + "\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(431);
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task The_default_header_limit_is_64_KiB()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();

        using (var under = await RawClient.ConnectAsync(proxy.HttpEndPoint))
        {
            await under.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\nX-Big: {new string('a', 60 * 1024)}\r\n\r\n");
            (await under.ReadResponseAsync()).Status.Should().Be(200);
        }

        using var over = await RawClient.ConnectAsync(proxy.HttpEndPoint);
        await over.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\nX-Big: {new string('a', 65 * 1024)}\r\n\r\n");
        (await over.ReadResponseAsync()).Status.Should().Be(431);
    }

    [Fact]
    public async Task A_refused_origin_gets_502_and_a_bodiless_request_keeps_the_connection()
    {
        using var refusing = new RefusingPort();
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET http://127.0.0.1:{refusing.Port}/ HTTP/1.1\r\n\r\n");
        var failed = await client.ReadResponseAsync();
        await client.SendAsync($"GET {origin.BaseUrl}/ok HTTP/1.1\r\n\r\n");
        var next = await client.ReadResponseAsync();

        failed.Status.Should().Be(502);
        failed.BodyText.Should().Contain("refused");
        next.BodyText.Should().Be("hello GET /ok");
    }

    [Fact]
    public async Task An_origin_that_does_not_connect_in_time_gets_504()
    {
        var options = new ProxyServerOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        await using var proxy = ProxyHarness.Start(options, new FakeConnector { ConnectHangs = true });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync("GET http://127.0.0.1:9/ HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Status.Should().Be(504);
        response.BodyText.Should().Contain("timeout");
    }

    [Fact]
    public async Task An_origin_that_never_answers_gets_504_after_the_idle_timeout()
    {
        using var silent = ProxyHarness.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET http://127.0.0.1:{port}/ HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(504);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n")]
    public async Task A_broken_origin_response_gets_502(string raw)
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.Raw(raw));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(502);
    }

    [Fact]
    public async Task An_origin_response_head_over_the_limit_gets_502()
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.Raw("HTTP/1.1 200 OK\r\nX-Big: " + new string('b', 70 * 1024) + "\r\nContent-Length: 0\r\n\r\n"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(502);
    }
}
