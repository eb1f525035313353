using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NamespaceRoutingTests
{
    private static readonly NamespaceRouting Routing = new(
        [new NetlinkLink(1, "lo", true, "UNKNOWN", 65536), new NetlinkLink(7, "wg-alpha", true, "UNKNOWN", 1420), new NetlinkLink(8, "wg-beta", true, "UNKNOWN", 1420)],
        [new NetlinkRoute(2, 0, NetlinkRoute.MainTable, NetlinkRoute.Unicast, 7), new NetlinkRoute(2, 8, NetlinkRoute.MainTable, NetlinkRoute.Unicast, 8)]);

    [Fact]
    public void The_default_route_is_matched_to_the_interface_by_its_index()
    {
        Routing.HasDefaultRouteVia("wg-alpha").Should().BeTrue();
        Routing.HasDefaultRouteVia("wg-beta").Should().BeFalse();
    }

    [Fact]
    public void A_missing_interface_has_no_link_and_no_default_route()
    {
        Routing.Link("wg-gamma").Should().BeNull();
        Routing.HasDefaultRouteVia("wg-gamma").Should().BeFalse();
    }
}
