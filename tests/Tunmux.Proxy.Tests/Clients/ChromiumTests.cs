using Tunmux.Proxy.Connections;
using System.Net;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Clients;

/// <summary>
/// A real browser against the engine: headless Chromium loads a page and the script it refers to
/// through the SOCKS5 listener and through the HTTP listener. Skipped when chromium is not installed.
/// </summary>
public sealed class ChromiumTests
{
    [ChromiumTheory]
    [InlineData("socks5", "socks5")]
    [InlineData("http", "http")]
    public async Task Chromium_loads_a_page_and_its_script_through_the_proxy(string scheme, string loggedProtocol)
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var origin = new HttpOrigin(request => request.Target switch
        {
            "/page" => OriginResponse.Text(200, Page(marker), "Content-Type: text/html; charset=utf-8"),
            "/app.js" => OriginResponse.Text(200, Script(marker), "Content-Type: text/javascript"),
            _ => OriginResponse.Text(404, "not here", "Content-Type: text/plain"),
        });
        var connector = new ChromiumOriginOnlyConnector(new IPEndPoint(IPAddress.Loopback, origin.Port));
        await using var proxy = ProxyHarness.Start(connector: connector);
        var port = scheme == "socks5" ? proxy.SocksPort : proxy.HttpPort;

        var result = await ChromiumRunner.DumpDomAsync($"{scheme}://127.0.0.1:{port}", $"{origin.BaseUrl}/page");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Contain($"page {marker}", "the page came back through the proxy");
        result.StdOut.Should().Contain($"script {marker}", "the script the page refers to was fetched and ran");
        origin.Requests.Select(r => r.Target).Should().Contain(["/page", "/app.js"]);
        connector.Opened.Should().BeGreaterThan(0);
        origin.ConnectionCount.Should().Be(connector.Opened, "every connection the origin accepted was opened by the proxy");
        var originTarget = $"127.0.0.1:{origin.Port}";
        await Wait.UntilAsync(
            () => proxy.AccessLog.Entries.Any(e => e.Protocol == loggedProtocol && e.Target == originTarget && e.Result == ProxyOutcome.Ok && e.BytesDown > 0),
            "the proxy logs the browser's request to the origin");
    }

    private static string Page(string marker) =>
        $"<!DOCTYPE html><html><head><title>tunmux</title></head><body><p id=\"page\">page {marker}</p><p id=\"script\">waiting</p>"
        + "<script src=\"/app.js\"></script></body></html>";

    private static string Script(string marker) =>
        $"document.getElementById('script').textContent = 'script {marker}';";
}
