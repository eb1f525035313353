using Tunmux.Linux.Observation;

namespace Tunmux.Linux.Tests.Observation;

/// <summary>JSON as printed by iproute2 6.1 (`ip -j link show`, `ip -j route show default`).</summary>
public sealed class IpJsonTests
{
    private const string UpLink =
        """[{"ifindex":2,"ifname":"wg-alpha","flags":["POINTOPOINT","MULTICAST","NOARP","UP","LOWER_UP"],"mtu":1380,"qdisc":"pfifo_fast","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none"}]""";

    private const string DownLink =
        """[{"ifindex":2,"ifname":"wg-alpha","flags":["POINTOPOINT","MULTICAST","NOARP"],"mtu":1420,"qdisc":"noop","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none"}]""";

    [Fact]
    public void An_administratively_up_link_is_up_whatever_its_operstate()
    {
        IpJson.ParseLink(UpLink, "wg-alpha").Should().Be(new LinkState("wg-alpha", true, "UNKNOWN", 1380));
    }

    [Fact]
    public void A_link_without_the_UP_flag_is_down()
    {
        IpJson.ParseLink(DownLink, "wg-alpha")!.AdminUp.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("Device \"wg-alpha\" does not exist.")]
    public void No_matching_link_gives_nothing(string output)
    {
        IpJson.ParseLink(output, "wg-alpha").Should().BeNull();
    }

    [Fact]
    public void Another_links_entry_does_not_count()
    {
        IpJson.ParseLink(UpLink, "wg-beta").Should().BeNull();
    }

    [Fact]
    public void A_default_route_through_the_interface_is_found()
    {
        IpJson.HasDefaultRouteVia("""[{"dst":"default","dev":"wg-alpha","scope":"link","flags":[]}]""", "wg-alpha").Should().BeTrue();
    }

    [Fact]
    public void A_default_route_through_another_device_or_an_unreachable_one_does_not_count()
    {
        IpJson.HasDefaultRouteVia("""[{"dst":"default","gateway":"10.0.0.1","dev":"eth0","protocol":"dhcp","metric":100,"flags":[]}]""", "wg-alpha")
            .Should().BeFalse();
        IpJson.HasDefaultRouteVia("""[{"type":"unreachable","dst":"default","dev":"lo","metric":1024,"flags":[],"pref":"medium"}]""", "lo")
            .Should().BeFalse();
        IpJson.HasDefaultRouteVia("[]", "wg-alpha").Should().BeFalse();
    }
}
