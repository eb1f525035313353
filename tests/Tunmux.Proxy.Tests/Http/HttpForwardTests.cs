using System.Text;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Http;

public sealed class HttpForwardTests
{
    [Fact]
    public async Task An_absolute_form_request_reaches_the_origin_in_origin_form_without_hop_by_hop_headers()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync(
            $"GET {origin.BaseUrl}/path/x?q=1#frag HTTP/1.1\r\n" +
            "Host: wrong.example\r\n" +
            "Proxy-Connection: keep-alive\r\n" +
            "Connection: keep-alive, X-Hop\r\n" +
            "X-Hop: must-go\r\n" +
            "Keep-Alive: timeout=5\r\n" +
            "TE: trailers\r\n" +
            "Trailer: X-Foo\r\n" +
            "Upgrade: websocket\r\n" +
            "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n" +
            "X-End-To-End: stays\r\n" +
            "Accept: */*\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Status.Should().Be(200);
        response.BodyText.Should().Be("hello GET /path/x?q=1");
        var seen = origin.Requests.Single();
        seen.RequestLine.Should().Be("GET /path/x?q=1 HTTP/1.1");
        seen.Header("Host").Should().Be($"127.0.0.1:{origin.Port}", "the proxy replaces Host with the URI's authority");
        seen.Header("X-End-To-End").Should().Be("stays");
        seen.Header("Accept").Should().Be("*/*");
        foreach (var hop in new[] { "Proxy-Connection", "Connection", "X-Hop", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Via", "X-Forwarded-For", "Forwarded" })
        {
            seen.Has(hop).Should().BeFalse($"{hop} must not reach the origin");
        }
    }

    [Fact]
    public async Task A_missing_path_becomes_slash_and_Host_is_added()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET http://localhost:{origin.Port} HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).Status.Should().Be(200);
        origin.Requests.Single().RequestLine.Should().Be("GET / HTTP/1.1");
        origin.Requests.Single().Header("Host").Should().Be($"localhost:{origin.Port}");
    }

    [Fact]
    public async Task Response_hop_by_hop_headers_are_removed_and_nothing_is_added()
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.Text(200, "x", "Keep-Alive: timeout=9", "Connection: X-Secret", "X-Secret: 1", "Upgrade: h2c", "X-Kept: yes"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Header("X-Kept").Should().Be("yes");
        response.Header("Keep-Alive").Should().BeNull();
        response.Header("X-Secret").Should().BeNull();
        response.Header("Upgrade").Should().BeNull();
        response.Header("Via").Should().BeNull();
    }

    [Fact]
    public async Task A_content_length_request_body_is_forwarded()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Text(200, "got " + r.BodyText));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"POST {origin.BaseUrl}/upload HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world");

        (await client.ReadResponseAsync()).BodyText.Should().Be("got hello world");
        origin.Requests.Single().Header("Content-Length").Should().Be("11");
    }

    [Fact]
    public async Task A_chunked_request_body_is_forwarded_chunked()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Text(200, "got " + r.BodyText));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"POST {origin.BaseUrl}/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=y\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.Should().Be("got hello world");
        origin.Requests.Single().WasChunked.Should().BeTrue();
    }

    [Fact]
    public async Task A_large_body_goes_both_ways_intact()
    {
        var payload = Enumerable.Range(0, 2_000_000).Select(i => (byte)('a' + (i % 26))).ToArray();
        await using var origin = new HttpOrigin(r => new OriginResponse([.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {r.Body.Length}\r\n\r\n"), .. r.Body]));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync([.. Encoding.ASCII.GetBytes($"PUT {origin.BaseUrl}/big HTTP/1.1\r\nContent-Length: {payload.Length}\r\n\r\n"), .. payload]);

        (await client.ReadResponseAsync()).Body.Should().Equal(payload);
    }

    [Fact]
    public async Task A_chunked_response_reaches_an_HTTP_1_1_client_chunked_with_its_trailer()
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.Chunked(200, "first,", "second"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Header("Transfer-Encoding").Should().Be("chunked");
        response.BodyText.Should().Be("first,second");
    }

    [Fact]
    public async Task A_chunked_response_is_dechunked_for_an_HTTP_1_0_client_and_the_connection_closes()
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.Chunked(200, "old ", "client"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.0\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Header("Transfer-Encoding").Should().BeNull();
        response.Header("Connection").Should().Be("close");
        response.BodyText.Should().Be("old client", "the body runs until the proxy closes");
    }

    [Fact]
    public async Task A_close_delimited_response_is_relayed_to_the_end_and_then_the_client_is_closed()
    {
        await using var origin = new HttpOrigin(_ => OriginResponse.CloseDelimited("until the end"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/ HTTP/1.1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Header("Connection").Should().Be("close");
        response.BodyText.Should().Be("until the end");
    }

    [Fact]
    public async Task HEAD_204_and_304_responses_have_no_body_and_the_connection_stays_usable()
    {
        await using var origin = new HttpOrigin(r => r.Target switch
        {
            "/head" => OriginResponse.Raw("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"),
            "/204" => OriginResponse.Raw("HTTP/1.1 204 No Content\r\n\r\n"),
            "/304" => OriginResponse.Raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\nETag: \"x\"\r\n\r\n"),
            _ => OriginResponse.Text(200, "after"),
        });
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"HEAD {origin.BaseUrl}/head HTTP/1.1\r\n\r\n");
        var head = await client.ReadResponseAsync(noBody: true);
        await client.SendAsync($"GET {origin.BaseUrl}/204 HTTP/1.1\r\n\r\n");
        var noContent = await client.ReadResponseAsync();
        await client.SendAsync($"GET {origin.BaseUrl}/304 HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n");
        var notModified = await client.ReadResponseAsync();
        await client.SendAsync($"GET {origin.BaseUrl}/last HTTP/1.1\r\n\r\n");
        var last = await client.ReadResponseAsync();

        head.Header("Content-Length").Should().Be("1234", "HEAD keeps the length of the body it did not send");
        noContent.Status.Should().Be(204);
        notModified.Status.Should().Be(304);
        last.BodyText.Should().Be("after", "no stray body bytes were left in between");
        origin.ConnectionCount.Should().Be(1);
    }

    [Fact]
    public async Task Keep_alive_reuses_both_the_client_and_the_origin_connection()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync($"GET {origin.BaseUrl}/{i} HTTP/1.1\r\n\r\n");
            (await client.ReadResponseAsync()).BodyText.Should().Be($"hello GET /{i}");
        }

        origin.ConnectionCount.Should().Be(1);
        origin.Requests.Select(r => r.Connection).Should().AllBeEquivalentTo(1);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync(
            $"GET {origin.BaseUrl}/a HTTP/1.1\r\n\r\n" +
            $"POST {origin.BaseUrl}/b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz" +
            $"GET {origin.BaseUrl}/c HTTP/1.1\r\nConnection: close\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.Should().Be("hello GET /a");
        (await client.ReadResponseAsync()).BodyText.Should().Be("hello POST /b");
        var last = await client.ReadResponseAsync();
        last.BodyText.Should().Be("hello GET /c");
        last.Header("Connection").Should().Be("close");
        (await client.WaitClosedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task An_HTTP_1_0_client_without_keep_alive_gets_one_response_and_a_close()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/old HTTP/1.0\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.BodyText.Should().Be("hello GET /old");
        response.Header("Connection").Should().Be("close");
        (await client.WaitClosedAsync()).Should().BeTrue();
        origin.Requests.Single().RequestLine.Should().EndWith("HTTP/1.1", "the proxy speaks HTTP/1.1 to the origin");
    }

    [Fact]
    public async Task An_HTTP_1_0_client_asking_for_keep_alive_keeps_its_connection()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {origin.BaseUrl}/1 HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync($"GET {origin.BaseUrl}/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var second = await client.ReadResponseAsync();

        first.Header("Connection").Should().Be("keep-alive");
        second.BodyText.Should().Be("hello GET /2");
    }

    [Fact]
    public async Task Requests_to_another_origin_on_the_same_client_connection_go_to_that_origin()
    {
        await using var one = new HttpOrigin(_ => OriginResponse.Text(200, "one"));
        await using var two = new HttpOrigin(_ => OriginResponse.Text(200, "two"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"GET {one.BaseUrl}/ HTTP/1.1\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync($"GET {two.BaseUrl}/ HTTP/1.1\r\n\r\n");
        var second = await client.ReadResponseAsync();

        first.BodyText.Should().Be("one");
        second.BodyText.Should().Be("two");
    }

    [Fact]
    public async Task Expect_100_continue_is_passed_through_before_the_body()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Text(200, "got " + r.BodyText));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        await client.SendAsync($"POST {origin.BaseUrl}/ HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var interim = await client.ReadResponseAsync();
        await client.SendAsync("data");
        var final = await client.ReadResponseAsync();

        interim.Status.Should().Be(100);
        final.BodyText.Should().Be("got data");
    }

    [Fact]
    public async Task An_origin_that_closed_a_kept_alive_connection_is_reconnected_quietly()
    {
        await using var origin = new HttpOrigin(r => r.Target == "/bye"
            ? OriginResponse.Raw("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbye", close: true)
            : OriginResponse.Text(200, "fresh"));
        await using var proxy = ProxyHarness.Start();
        using var client = await RawClient.ConnectAsync(proxy.HttpEndPoint);

        // The origin closes after /bye without saying so in a header: the next request must not fail.
        await client.SendAsync($"GET {origin.BaseUrl}/bye HTTP/1.1\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.Should().Be("bye");
        await Wait.UntilAsync(() => origin.Requests.Count == 1, "the origin served /bye");
        await client.SendAsync($"GET {origin.BaseUrl}/next HTTP/1.1\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.Should().Be("fresh");
        origin.ConnectionCount.Should().Be(2);
    }
}
