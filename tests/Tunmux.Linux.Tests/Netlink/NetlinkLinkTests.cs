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

    private const ushort LinkInfo = 18; // IFLA_LINKINFO
    private const ushort InfoKind = 1; // IFLA_INFO_KIND
    private const ushort InfoData = 2; // IFLA_INFO_DATA
    private const ushort Nested = 0x8000; // NLA_F_NESTED

    [Theory]
    [InlineData("wireguard")]
    [InlineData("tun")]
    [InlineData("veth")]
    public void The_kind_is_read_from_IFLA_LINKINFO(string kind)
    {
        // As the kernel dumps it: IFLA_LINKINFO { IFLA_INFO_KIND "kind\0", IFLA_INFO_DATA {...} }.
        var payload = Link(9, 0, Attribute(3, NulTerminated("wg-ghost")),
            Attribute(LinkInfo, Concat(Attribute(InfoKind, NulTerminated(kind)), Attribute(InfoData, Attribute(1, U32(7))))));

        NetlinkLink.Parse(payload)!.Kind.Should().Be(kind);
    }

    [Fact]
    public void A_nested_flag_on_IFLA_LINKINFO_does_not_hide_the_kind()
    {
        var payload = Link(9, 0, Attribute(3, NulTerminated("wg-ghost")), Attribute((ushort)(LinkInfo | Nested), Attribute(InfoKind, NulTerminated("wireguard"))));

        NetlinkLink.Parse(payload)!.Kind.Should().Be("wireguard");
    }

    [Fact]
    public void A_link_without_IFLA_LINKINFO_has_no_kind()
    {
        // A physical device (and loopback) has no rtnl_link_ops, so no kind.
        var payload = Link(2, Up, Attribute(3, NulTerminated("eth0")), Attribute(4, U32(1500)));

        NetlinkLink.Parse(payload).Should().Be(new NetlinkLink(2, "eth0", true, null, 1500));
        NetlinkLink.Parse(payload)!.Kind.Should().BeNull();
    }

    [Fact]
    public void A_malformed_IFLA_LINKINFO_leaves_the_kind_unknown_and_the_link_readable()
    {
        // An inner attribute claiming more bytes than there are: the kind is unknown, so nothing acts on it.
        byte[] broken = [20, 0, 1, 0, (byte)'t', (byte)'u', (byte)'n', 0];
        var payload = Link(9, 0, Attribute(3, NulTerminated("wg-ghost")), Attribute(LinkInfo, broken));

        var link = NetlinkLink.Parse(payload)!;

        link.Name.Should().Be("wg-ghost");
        link.Kind.Should().BeNull();
    }

    [Fact]
    public void An_IFLA_LINKINFO_without_a_kind_has_no_kind()
    {
        var payload = Link(9, 0, Attribute(3, NulTerminated("wg-ghost")), Attribute(LinkInfo, Attribute(InfoData, U32(1))));

        NetlinkLink.Parse(payload)!.Kind.Should().BeNull();
    }
}
