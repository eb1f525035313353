using System.Text;
using Tunmux.Lab.Whoami;

namespace Tunmux.Lab.Tests.Whoami;

public sealed class HttpRequestHeadTests
{
    private static HttpRequestHead? Parse(string head) => HttpRequestHead.TryParse(Encoding.Latin1.GetBytes(head));

    [Fact]
    public void A_normal_request_gives_method_path_and_host_and_keeps_the_connection_open()
    {
        var head = Parse("GET /ip?x=1 HTTP/1.1\r\nHost: whoami.lab\r\nUser-Agent: curl/7.88\r\nAccept: */*")!;

        head.Should().Be(new HttpRequestHead("GET", "/ip?x=1", "HTTP/1.1", "whoami.lab", 0, false, true));
    }

    [Theory]
    [InlineData("HTTP/1.1", "close", false)]
    [InlineData("HTTP/1.1", null, true)]
    [InlineData("HTTP/1.0", null, false)]
    [InlineData("HTTP/1.0", "Keep-Alive", true)]
    public void Keep_alive_follows_the_version_and_connection_header(string version, string? connection, bool keepAlive)
    {
        var text = $"GET / {version}\r\nHost: x" + (connection is null ? "" : $"\r\nConnection: {connection}");

        Parse(text)!.KeepAlive.Should().Be(keepAlive);
    }

    [Fact]
    public void Body_length_and_chunking_are_read_so_the_body_can_be_skipped()
    {
        Parse("POST /form HTTP/1.1\r\nContent-Length: 12")!.ContentLength.Should().Be(12);
        Parse("POST /form HTTP/1.1\r\nTransfer-Encoding: chunked")!.Chunked.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET /")]
    [InlineData("GET / HTTP/2")]
    [InlineData("get / HTTP/1.1")]
    [InlineData("GET / HTTP/1.1\r\nno colon here")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: -5")]
    [InlineData("\u0016\u0003\u0001 TLS hello")]
    public void Anything_that_is_not_an_http_1_request_head_is_refused(string text)
    {
        Parse(text).Should().BeNull();
    }
}
