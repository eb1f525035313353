using System.Net;
using System.Text;
using Tunmux.Lab.Whoami;

namespace Tunmux.Lab.Tests.Whoami;

public sealed class WhoamiResponseTests
{
    [Fact]
    public void The_body_is_the_client_address_and_a_newline_with_a_matching_length()
    {
        var text = Encoding.ASCII.GetString(WhoamiResponse.Ok("198.18.1.2", includeBody: true, keepAlive: true));

        text.Should().StartWith("HTTP/1.1 200 OK\r\n");
        text.Should().Contain("Content-Type: text/plain; charset=utf-8\r\n");
        text.Should().Contain("Content-Length: 11\r\n").And.Contain("Connection: keep-alive\r\n");
        text.Should().EndWith("\r\n\r\n198.18.1.2\n");
    }

    [Fact]
    public void A_head_response_keeps_the_length_but_sends_no_body()
    {
        var text = Encoding.ASCII.GetString(WhoamiResponse.Ok("10.0.0.1", includeBody: false, keepAlive: false));

        text.Should().Contain("Content-Length: 9\r\n").And.Contain("Connection: close\r\n");
        text.Should().EndWith("\r\n\r\n");
    }

    [Fact]
    public void Ipv4_mapped_addresses_are_shown_as_plain_ipv4()
    {
        WhoamiResponse.ClientText(IPAddress.Parse("::ffff:198.18.2.2")).Should().Be("198.18.2.2");
        WhoamiResponse.ClientText(IPAddress.Parse("fd00::5")).Should().Be("fd00::5");
    }

    [Fact]
    public void A_log_line_has_time_client_method_path_and_host_with_nothing_that_could_split_the_line()
    {
        var time = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2));

        WhoamiResponse.LogLine(time, "198.18.1.2", "GET", "/a b", "whoami.lab\nforged 1.2.3.4")
            .Should().Be("2025-03-04T03:06:07.089Z 198.18.1.2 GET /a?b whoami.lab?forged?1.2.3.4");
        WhoamiResponse.LogLine(time, "10.0.0.1", "HEAD", "/", null).Should().EndWith(" 10.0.0.1 HEAD / -");
    }
}
