using System.Text;
using Tunmux.Proxy.Http;

namespace Tunmux.Proxy.Tests.Units;

public sealed class HttpHeadParserTests
{
    [Fact]
    public void A_request_head_is_parsed_with_fields_in_order()
    {
        var error = HttpHeadParser.TryParseRequest(Encoding.ASCII.GetBytes("POST http://h/p HTTP/1.0\r\nA: 1\r\nb:  two  \r\nA: 3\r\n\r\n"), out var request);

        error.Should().Be(HeadParseError.None);
        request!.Method.Should().Be("POST");
        request.Target.Should().Be("http://h/p");
        request.Minor.Should().Be(0);
        request.Headers.GetAll("a").Should().Equal("1", "3");
        request.Headers.Get("B").Should().Be("two");
    }

    [Fact]
    public void Bare_LF_line_ends_are_accepted()
    {
        HttpHeadParser.TryParseRequest("GET http://h/ HTTP/1.1\nHost: h\n\n"u8, out var request).Should().Be(HeadParseError.None);
        request!.Headers.Get("Host").Should().Be("h");
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", 1, 200, "OK")]
    [InlineData("HTTP/1.0 404 Not Found\r\n\r\n", 0, 404, "Not Found")]
    [InlineData("HTTP/1.1 204\r\n\r\n", 1, 204, "")]
    [InlineData("HTTP/1.1 500 \r\n\r\n", 1, 500, "")]
    public void Status_lines_are_parsed(string head, int minor, int code, string reason)
    {
        HttpHeadParser.TryParseResponse(Encoding.ASCII.GetBytes(head), out var response).Should().Be(HeadParseError.None);

        response!.Minor.Should().Be(minor);
        response.StatusCode.Should().Be(code);
        response.Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1\r\n\r\n")]
    public void Bad_status_lines_are_refused(string head) =>
        HttpHeadParser.TryParseResponse(Encoding.ASCII.GetBytes(head), out _).Should().Be(HeadParseError.Malformed);

    [Fact]
    public void HTTP_2_and_later_are_reported_as_unsupported_versions() =>
        HttpHeadParser.TryParseRequest("GET http://h/ HTTP/2.0\r\n\r\n"u8, out _).Should().Be(HeadParseError.UnsupportedVersion);

    [Fact]
    public void The_end_of_a_head_is_found_even_when_it_arrives_one_byte_at_a_time()
    {
        var head = Encoding.ASCII.GetBytes("GET http://h/ HTTP/1.1\r\nA: b\r\n\r\nbody");
        var scanFrom = 0;
        var found = -1;
        var scans = 0;
        for (var length = 1; length <= head.Length && found < 0; length++)
        {
            found = HttpHeadParser.FindEnd(head.AsSpan(0, length), ref scanFrom);
            scans++;
        }

        found.Should().Be(head.Length - 4);
        scanFrom.Should().BeLessThan(found, "the search resumed near the end instead of from the start");
        scans.Should().Be(found);
    }

    [Theory]
    [InlineData("a\n\nrest", 3)]
    [InlineData("a\r\n\r\nrest", 5)]
    [InlineData("a\n\r\nrest", 4)]
    [InlineData("a\r\nb\r\n", -1)]
    public void Head_terminators_are_recognised(string text, int expected)
    {
        var scanFrom = 0;
        HttpHeadParser.FindEnd(Encoding.ASCII.GetBytes(text), ref scanFrom).Should().Be(expected);
    }
}
