using System.Text;
using Tunmux.Core.Model;
using Tunmux.Linux.Probing;

namespace Tunmux.Linux.Tests.Probing;

/// <summary>Issue #4: the HTTP probe's request and how it reads the answer's status line.</summary>
public sealed class HttpProbeExchangeTests
{
    [Fact]
    public void The_request_is_one_GET_with_the_host_and_connection_close()
    {
        var target = new ProbeTarget.Http(new ProbeHost("198.19.255.1", 8080), "198.19.255.1:8080", "/health?deep=1");

        Encoding.ASCII.GetString(HttpProbeExchange.Request(target)).Should().Be(
            "GET /health?deep=1 HTTP/1.1\r\nHost: 198.19.255.1:8080\r\nUser-Agent: tunmux-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", 200)]
    [InlineData("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n", 404)]
    [InlineData("HTTP/1.1 503\r\n", 503)]
    public void The_status_is_read_once_the_first_line_is_complete(string answer, int status)
    {
        HttpProbeExchange.StatusOf(Encoding.ASCII.GetBytes(answer)).Should().Be(status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 20")]
    [InlineData("HTTP/1.1 200 OK")]
    public void An_incomplete_status_line_needs_more_bytes(string answer)
    {
        HttpProbeExchange.StatusOf(Encoding.ASCII.GetBytes(answer)).Should().BeNull();
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("HTTP/2 200\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n")]
    [InlineData("HTTP/1.1 099 Odd\r\n")]
    public void An_answer_that_is_not_HTTP_1_is_recognised(string answer)
    {
        HttpProbeExchange.StatusOf(Encoding.ASCII.GetBytes(answer)).Should().Be(-1);
    }

    [Fact]
    public void A_first_line_that_never_ends_is_not_HTTP()
    {
        HttpProbeExchange.StatusOf(new byte[HttpProbeExchange.MaxStatusLine]).Should().Be(-1);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(301, true)]
    [InlineData(404, true)]
    [InlineData(499, true)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    public void Any_status_below_500_passes(int status, bool passes)
    {
        HttpProbeExchange.Passes(status).Should().Be(passes);
    }
}
