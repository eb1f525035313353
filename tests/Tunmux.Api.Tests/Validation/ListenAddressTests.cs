using System.Net;

namespace Tunmux.Api.Tests.Validation;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:1080", "127.0.0.1", 1080)]
    [InlineData("127.0.0.1", "127.0.0.1", 0)]
    [InlineData("0.0.0.0:65535", "0.0.0.0", 65535)]
    [InlineData("[::1]:8118", "::1", 8118)]
    [InlineData("[::1]", "::1", 0)]
    [InlineData("::1", "::1", 0)]
    [InlineData("[2001:db8::7]:1", "2001:db8::7", 1)]
    public void Addresses_with_and_without_ports_parse(string text, string address, int port)
    {
        ListenAddress.TryParse(text, out var parsed, out var parsedPort, out var error).Should().BeTrue();

        parsed.Should().Be(IPAddress.Parse(address));
        parsedPort.Should().Be(port);
        error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "\"\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)")]
    [InlineData("localhost:1080", "\"localhost\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)")]
    [InlineData("127.1:1080", "\"127.1\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)")]
    [InlineData("fe80::1%lo", "\"fe80::1%lo\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)")]
    [InlineData("127.0.0.1:0", "\"127.0.0.1:0\" has a bad port: expected 1-65535, or no port for an automatic one")]
    [InlineData("127.0.0.1:65536", "\"127.0.0.1:65536\" has a bad port: expected 1-65535, or no port for an automatic one")]
    [InlineData("127.0.0.1:", "\"127.0.0.1:\" has a bad port: expected 1-65535, or no port for an automatic one")]
    [InlineData("127.0.0.1:+80", "\"127.0.0.1:+80\" has a bad port: expected 1-65535, or no port for an automatic one")]
    [InlineData("[127.0.0.1]:80", "\"[127.0.0.1]:80\": only IPv6 addresses go in brackets")]
    [InlineData("[::1]80", "\"[::1]80\" is not [IPV6]:PORT")]
    [InlineData("[::1", "\"[::1\" is not [IPV6]:PORT")]
    public void Malformed_listen_values_say_what_is_wrong(string text, string expected)
    {
        ListenAddress.TryParse(text, out _, out _, out var error).Should().BeFalse();

        error.Should().Be(expected);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("0.0.0.0", "127.0.0.1", true)]
    [InlineData("10.1.2.3", "0.0.0.0", true)]
    [InlineData("::", "127.0.0.1", true)]
    [InlineData("::1", "127.0.0.1", false)]
    [InlineData("0.0.0.0", "::1", false)]
    [InlineData("::1", "::1", true)]
    public void Overlapping_addresses_include_wildcards(string first, string second, bool overlaps)
    {
        ListenAddress.Overlaps(IPAddress.Parse(first), IPAddress.Parse(second)).Should().Be(overlaps);
        ListenAddress.Overlaps(IPAddress.Parse(second), IPAddress.Parse(first)).Should().Be(overlaps);
    }
}
