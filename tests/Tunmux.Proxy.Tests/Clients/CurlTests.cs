using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Clients;

/// <summary>The real curl against the engine, in each proxy mode it offers.</summary>
public sealed class CurlTests
{
    [Theory]
    [InlineData("--socks5", "127.0.0.1")]
    [InlineData("--socks5-hostname", "localhost")]
    [InlineData("--socks4", "127.0.0.1")]
    [InlineData("--socks4a", "localhost")]
    public async Task Curl_fetches_through_socks(string mode, string originHost)
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();

        var result = await Curl(mode, $"127.0.0.1:{proxy.SocksPort}", $"http://{originHost}:{origin.Port}/via-socks");

        result.StdOut.Should().Be("hello GET /via-socks");
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the connection is logged");
        var entry = proxy.AccessLog.Entries[0];
        entry.Protocol.Should().Be(mode.StartsWith("--socks5", StringComparison.Ordinal) ? "socks5" : "socks4");
        entry.Target.Should().Be($"{originHost}:{origin.Port}", "hostname modes hand the name to the proxy");
        entry.Result.Should().Be(ProxyOutcome.Ok);
    }

    [Fact]
    public async Task Curl_fetches_through_the_http_proxy_by_forwarding()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();

        var result = await Curl("--proxy", $"http://127.0.0.1:{proxy.HttpPort}", $"http://localhost:{origin.Port}/forwarded?x=1");

        result.StdOut.Should().Be("hello GET /forwarded?x=1");
        origin.Requests.Single().RequestLine.Should().Be("GET /forwarded?x=1 HTTP/1.1");
    }

    [Fact]
    public async Task Curl_tunnels_through_the_http_proxy_with_connect()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();

        var result = await Curl("--proxytunnel", "--proxy", $"http://127.0.0.1:{proxy.HttpPort}", $"http://127.0.0.1:{origin.Port}/tunneled");

        result.StdOut.Should().Be("hello GET /tunneled");
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the tunnel is logged");
        proxy.AccessLog.Entries[0].Protocol.Should().Be("http-connect");
    }

    [Fact]
    public async Task Curl_posts_a_chunked_body_through_the_http_proxy()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Text(200, $"{r.Method} {r.Body.Length} {r.WasChunked}"));
        await using var proxy = ProxyHarness.Start();

        var result = await Curl("--proxy", $"http://127.0.0.1:{proxy.HttpPort}", "-H", "Transfer-Encoding: chunked",
            "--data-binary", new string('z', 100_000), $"http://127.0.0.1:{origin.Port}/up");

        result.StdOut.Should().Be("POST 100000 True");
    }

    [Fact]
    public async Task Curl_authenticates_to_both_proxies()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Credentials = new ProxyCredentials("carol", "pw-123") });

        var http = await Curl("--proxy", $"http://127.0.0.1:{proxy.HttpPort}", "--proxy-user", "carol:pw-123", $"http://127.0.0.1:{origin.Port}/h");
        var socks = await Curl("--proxy", $"socks5h://carol:pw-123@127.0.0.1:{proxy.SocksPort}", $"http://localhost:{origin.Port}/s");
        var refused = await Curl("--proxy", $"http://127.0.0.1:{proxy.HttpPort}", "--proxy-user", "carol:nope", "-o", "/dev/null",
            "-w", "%{http_code}", $"http://127.0.0.1:{origin.Port}/h");

        http.StdOut.Should().Be("hello GET /h");
        socks.StdOut.Should().Be("hello GET /s");
        refused.StdOut.Should().Be("407");
    }

    [Fact]
    public async Task Curl_reports_a_refused_target_through_socks5_as_such()
    {
        await using var proxy = ProxyHarness.Start();
        using var refusing = new RefusingPort();

        var result = await ExternalProcess.RunAsync("curl", ["-sS", "--max-time", "10", "--socks5", $"127.0.0.1:{proxy.SocksPort}", $"http://127.0.0.1:{refusing.Port}/"]);

        result.ExitCode.Should().Be(97, "curl's code for a failed SOCKS connection");
        result.StdErr.Should().Contain("(5)", "curl 7.88 prints the SOCKS5 reply code, 5 = connection refused");
    }

    private static async Task<ProcessResult> Curl(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("curl", ["-sS", "--max-time", "20", .. arguments]);
        result.ExitCode.Should().Be(0, result.StdErr);
        return result;
    }
}
