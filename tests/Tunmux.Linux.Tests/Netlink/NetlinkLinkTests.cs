using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkLinkTests
{
    private const uint Up = 0x1; // IFF_UP
    private const uint PointToPointNoArpLowerUp = 0x10 | 0x80 | 0x10000; // POINTOPOINT, NOARP, LOWER_UP

    [Fact]
    public void A_WireGuard_interface_that_is_up_reads_as_ip_link_shows_it()
    {
        var payload = Link(5, Up | PointToPointNoArpLowerUp,
            Attribute(3, NulTerminated("wg-alpha")), Attribute(4, U32(1420)), Attribute(16, [0]), Attribute(13, U32(500)));

        NetlinkLink.Parse(payload).Should().Be(new NetlinkLink(5, "wg-alpha", true, "UNKNOWN", 1420));
    }

    [Fact]
    public void Without_IFF_UP_the_link_is_administratively_down()
    {
        var payload = Link(2, PointToPointNoArpLowerUp, Attribute(3, NulTerminated("veth0")), Attribute(16, [2]));

        NetlinkLink.Parse(payload).Should().Be(new NetlinkLink(2, "veth0", false, "DOWN", null));
    }

    [Theory]
    [InlineData((byte)6, "UP")]
    [InlineData((byte)3, "LOWERLAYERDOWN")]
    [InlineData((byte)5, "DORMANT")]
    [InlineData((byte)9, "9")]
    public void Operational_states_carry_iproute2s_names(byte state, string name)
    {
        var payload = Link(1, Up, Attribute(3, NulTerminated("lo")), Attribute(16, [state]));

        NetlinkLink.Parse(payload)!.OperState.Should().Be(name);
    }

    [Fact]
    public void A_message_without_a_name_or_too_short_for_ifinfomsg_is_no_link()
    {
        NetlinkLink.Parse(Link(3, Up, Attribute(4, U32(1500)))).Should().BeNull();
        NetlinkLink.Parse(new byte[15]).Should().BeNull();
    }
}
