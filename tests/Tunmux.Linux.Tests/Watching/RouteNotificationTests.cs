using Tunmux.Linux.Netlink;
using Tunmux.Linux.Watching;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Watching;

public sealed class RouteNotificationTests
{
    private const ushort DelLink = 17;
    private const ushort NewAddress = 20;
    private const ushort DelAddress = 21;
    private const ushort DelRoute = 25;
    private const uint Up = 0x1;

    [Fact]
    public void A_removed_link_is_drift_and_names_the_link()
    {
        var datagram = Message(DelLink, 0, Link(7, 0, Attribute(3, NulTerminated("wg-alpha"))), flags: 0);

        RouteNotification.FirstDrift(datagram).Should().Be("link wg-alpha removed");
    }

    [Fact]
    public void A_link_set_down_is_drift_but_a_link_that_is_up_is_not()
    {
        var down = Message(NewLink, 0, LinkChanged(7, 0x10, Up, Attribute(3, NulTerminated("wg-alpha"))), flags: 0);
        var up = Message(NewLink, 0, LinkChanged(7, Up | 0x10, Up, Attribute(3, NulTerminated("wg-alpha"))), flags: 0);

        RouteNotification.FirstDrift(down).Should().Be("link wg-alpha down");
        RouteNotification.FirstDrift(up).Should().BeNull("a link coming up is what a pass builds");
    }

    [Fact]
    public void A_new_link_announced_down_is_not_drift()
    {
        // Created (or moved into the namespace): down, with every flag marked as changed, as the kernel announces it.
        var created = Message(NewLink, 0, LinkChanged(7, 0x1002, 0xffffffff, Attribute(3, NulTerminated("wg-alpha"))), flags: 0);

        RouteNotification.FirstDrift(created).Should().BeNull("a link a pass creates is not a link that went down");
    }

    [Fact]
    public void A_down_link_whose_other_attributes_change_is_not_drift_again()
    {
        // An MTU or carrier change of a link that is already down: IFF_UP is not among the changed flags.
        var changed = Message(NewLink, 0, LinkChanged(7, 0x1002, 0, Attribute(3, NulTerminated("wg-alpha"))), flags: 0);

        RouteNotification.FirstDrift(changed).Should().BeNull();
    }

    [Fact]
    public void Removed_addresses_and_routes_are_drift_while_new_ones_are_not()
    {
        var newRoute = Message(NewRoute, 0, Route(2, 0, 254, 1), flags: 0);
        var newAddress = Message(NewAddress, 0, new byte[8], flags: 0);

        RouteNotification.FirstDrift(Message(DelAddress, 0, new byte[8], flags: 0)).Should().Be("an address was removed");
        RouteNotification.FirstDrift(Message(DelRoute, 0, Route(2, 0, 254, 1), flags: 0)).Should().Be("a route was removed");
        RouteNotification.FirstDrift(Concat(newRoute, newAddress)).Should().BeNull();
    }

    [Fact]
    public void The_first_drift_in_a_datagram_of_several_notifications_is_reported()
    {
        var datagram = Concat(
            Message(NewRoute, 0, Route(2, 0, 254, 1), flags: 0),
            Message(DelRoute, 0, Route(2, 0, 254, 1), flags: 0),
            Message(DelLink, 0, Link(3, 0, Attribute(3, NulTerminated("lo"))), flags: 0));

        RouteNotification.FirstDrift(datagram).Should().Be("a route was removed");
    }

    [Fact]
    public void An_overrun_says_notifications_were_lost()
    {
        RouteNotification.FirstDrift(Message(Overrun, 0, [], flags: 0)).Should().Be("notifications were lost");
    }

    [Fact]
    public void A_removed_link_too_short_to_name_still_counts_as_drift()
    {
        RouteNotification.FirstDrift(Message(DelLink, 0, new byte[4], flags: 0)).Should().Be("link ? removed");
    }

    [Fact]
    public void A_message_longer_than_its_datagram_is_an_error_not_a_read_past_the_end()
    {
        var datagram = Message(DelLink, 0, Link(7, 0), flags: 0);
        datagram[0] = 200;

        var read = () => RouteNotification.FirstDrift(datagram);

        read.Should().Throw<NetlinkException>();
    }
}
