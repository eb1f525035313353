using Tunmux.Linux.Build;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class SecretScrubberTests
{
    [Fact]
    public void Private_and_preshared_keys_are_replaced_wherever_they_appear()
    {
        var scrubber = SecretScrubber.For(Samples.Tunnel().WireGuard);
        var text = $"bad `{Samples.PrivateKey}' and `{Samples.PresharedKey}'";

        scrubber.Contains(text).Should().BeTrue();
        scrubber.Scrub(text).Should().Be("bad `<redacted>' and `<redacted>'");
        scrubber.Contains("RTNETLINK answers: File exists").Should().BeFalse();
    }

    [Theory]
    [InlineData("10.2.0.2/32", "10.2.0.2/32", false)]
    [InlineData("10.2.0.2", "10.2.0.2", false)]
    [InlineData("fd7d:76ee:e68f:a993::1/128", "fd7d:76ee:e68f:a993::1/128", true)]
    public void Interface_addresses_are_read_with_their_family(string text, string normalised, bool ipv6)
    {
        var address = InterfaceAddress.Parse(text);

        address.Text.Should().Be(normalised);
        address.IsIPv6.Should().Be(ipv6);
    }

    [Theory]
    [InlineData("10.2.0.2/33")]
    [InlineData("dev lo")]
    [InlineData("10.2.0.2/x")]
    public void Malformed_interface_addresses_are_refused(string text)
    {
        var act = () => InterfaceAddress.Parse(text);

        act.Should().Throw<ArgumentException>();
    }
}
