using System.Net;
using Tunmux.Linux.Direct;
using Tunmux.Linux.Direct.Leaks;

namespace Tunmux.Linux.Tests.Direct;

public class CaptureFilterTests
{
    [Fact]
    public void Only_link_layer_chatter_and_the_allowed_wireguard_udp_are_left_out()
    {
        CaptureFilter.For([IPEndPoint.Parse("198.51.100.7:51820"), IPEndPoint.Parse("[2001:db8::7]:1637")]).Should().Be(
            "not arp and not (icmp6 and ip6[40] >= 133 and ip6[40] <= 137)"
            + " and not (ip6 dst net ff02::/16 and ip6[6] == 0 and ip6[40] == 58 and ip6[41] == 0"
            + " and ((ip6[48] >= 130 and ip6[48] <= 132) or ip6[48] == 143))"
            + " and not (udp and ip dst host 198.51.100.7 and dst port 51820)"
            + " and not (udp and ip6 dst host 2001:db8::7 and dst port 1637)");
    }

    [Theory]
    [InlineData("net.ipv4.conf.all.src_valid_mark", true)]
    [InlineData("kernel.core_pattern", false)]
    [InlineData("net.ipv4..conf", false)]
    [InlineData("net.ipv4/../../etc", false)]
    public void Only_network_sysctls_can_be_named(string key, bool allowed)
    {
        var read = () => KernelSetting.Read(key);
        if (allowed)
        {
            read.Should().NotThrow<ArgumentException>();
        }
        else
        {
            read.Should().Throw<ArgumentException>();
        }
    }
}
