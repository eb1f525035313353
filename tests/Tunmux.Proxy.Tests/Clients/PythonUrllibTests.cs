using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Clients;

/// <summary>Python's urllib through the HTTP proxy: a second, independent HTTP client implementation.</summary>
public sealed class PythonUrllibTests
{
    private const string Script = """
        import sys, urllib.request
        proxy, url, method, data = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
        request = urllib.request.Request(url, data=data.encode() if data else None, method=method)
        with opener.open(request, timeout=15) as response:
            sys.stdout.write(f"{response.status}|{response.read().decode()}")
        """;

    [Fact]
    public async Task Urllib_gets_through_the_http_proxy()
    {
        await using var origin = new HttpOrigin();
        await using var proxy = ProxyHarness.Start();

        var result = await RunAsync(proxy, $"http://localhost:{origin.Port}/py?q=2", "GET", "");

        result.StdOut.Should().Be("200|hello GET /py?q=2");
        origin.Requests.Single().RequestLine.Should().Be("GET /py?q=2 HTTP/1.1");
    }

    [Fact]
    public async Task Urllib_posts_through_the_http_proxy()
    {
        await using var origin = new HttpOrigin(r => OriginResponse.Chunked(201, "stored:", r.BodyText));
        await using var proxy = ProxyHarness.Start();

        var result = await RunAsync(proxy, $"http://127.0.0.1:{origin.Port}/items", "POST", "payload=1");

        result.StdOut.Should().Be("201|stored:payload=1");
    }

    private static async Task<ProcessResult> RunAsync(ProxyHarness proxy, string url, string method, string data)
    {
        var result = await ExternalProcess.RunAsync("python3", ["-c", Script, $"http://127.0.0.1:{proxy.HttpPort}", url, method, data]);
        result.ExitCode.Should().Be(0, result.StdErr);
        return result;
    }
}
