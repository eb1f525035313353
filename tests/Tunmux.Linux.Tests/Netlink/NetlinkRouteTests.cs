using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkRouteTests
{
    private const byte Inet = 2;
    private const byte Inet6 = 10;
    private const byte Main = 254;
    private const byte Unicast = 1;
    private const byte Unreachable = 7;
    private const ushort Oif = 4;
    private const ushort Table = 15;

    [Fact]
    public void A_default_route_through_a_device_is_read_from_rtmsg_and_its_attributes()
    {
        var payload = Route(Inet, 0, Main, Unicast, Attribute(Table, U32(Main)), Attribute(Oif, U32(5)));

        var route = NetlinkRoute.Parse(payload);

        route.Should().Be(new NetlinkRoute(Inet, 0, Main, Unicast, 5));
        route!.IsDefaultIPv4Via(5).Should().BeTrue();
        route.IsDefaultIPv4Via(6).Should().BeFalse();
    }

    [Fact]
    public void RTA_TABLE_wins_over_the_one_byte_table_field()
    {
        var payload = Route(Inet, 0, 252 /* RT_TABLE_COMPAT */, Unicast, Attribute(Table, U32(1000)), Attribute(Oif, U32(5)));

        NetlinkRoute.Parse(payload)!.Table.Should().Be(1000);
    }

    [Fact]
    public void Without_RTA_TABLE_the_table_field_is_used()
    {
        NetlinkRoute.Parse(Route(Inet, 0, Main, Unicast, Attribute(Oif, U32(5))))!.IsDefaultIPv4Via(5).Should().BeTrue();
    }

    [Theory]
    [InlineData(Inet, (byte)24, Main, Unicast)] // not a default route
    [InlineData(Inet, (byte)0, (byte)255, Unicast)] // the local table
    [InlineData(Inet, (byte)0, Main, Unreachable)] // blocks, does not lead anywhere
    [InlineData(Inet6, (byte)0, Main, Unicast)] // IPv6: `ip route show` lists IPv4 only
    public void Only_an_ordinary_IPv4_default_route_of_the_main_table_counts(byte family, byte destinationLength, byte table, byte type)
    {
        var payload = Route(family, destinationLength, table, type, Attribute(Oif, U32(5)));

        NetlinkRoute.Parse(payload)!.IsDefaultIPv4Via(5).Should().BeFalse();
    }

    [Fact]
    public void A_multipath_route_names_no_device()
    {
        NetlinkRoute.Parse(Route(Inet, 0, Main, Unicast, Attribute(9 /* RTA_MULTIPATH */, new byte[16])))!
            .OutputInterface.Should().BeNull();
    }

    [Fact]
    public void A_payload_shorter_than_rtmsg_is_no_route()
    {
        NetlinkRoute.Parse(new byte[11]).Should().BeNull();
    }
}
