using Tunmux.Daemon.Metrics.Http;

namespace Tunmux.Daemon.Tests.Metrics.Http;

public sealed class HttpRequestHeadTests
{
    [Fact]
    public void A_plain_get_is_parsed_with_its_headers()
    {
        var head = HttpRequestHead.TryParse("GET /metrics?x=1 HTTP/1.1\r\nHost: localhost:9477\r\nAccept:  text/plain \r\n\r\n");

        head.Should().NotBeNull();
        (head!.Method, head.Path, head.Version).Should().Be(("GET", "/metrics", "HTTP/1.1"));
        head.Headers.Should().Equal(new KeyValuePair<string, string>("Host", "localhost:9477"), new KeyValuePair<string, string>("Accept", "text/plain"));
    }

    [Fact]
    public void Bare_line_feeds_are_tolerated()
    {
        HttpRequestHead.TryParse("HEAD /metrics HTTP/1.0\nHost: x\n\n")!.Method.Should().Be("HEAD");
    }

    [Theory]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("GET  /metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://host/metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/2.0\r\n\r\n")]
    [InlineData("G(T /metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nNoColon\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")]
    [InlineData("GET /métrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nX: a\u0001b\r\n\r\n")]
    [InlineData("")]
    public void Malformed_heads_are_refused(string text)
    {
        HttpRequestHead.TryParse(text).Should().BeNull();
    }
}
