using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Tests.Observed;

/// <summary>
/// A build that dies between creating its WireGuard interface in the host namespace and moving it
/// into the exit's namespace leaves the interface behind: down, named by tunmux, owned by no record.
/// Only such links are orphans; anything that could be someone else's is left alone.
/// </summary>
public sealed class OrphanInterfacesTests
{
    private static readonly HostNaming Naming = new("tunmux_", "wg-");

    private static IReadOnlyList<string> Find(IEnumerable<HostLink> links, params string[] kept) =>
        OrphanInterfaces.Find(links, Naming, kept);

    [Theory]
    [InlineData("wireguard")] // kernel backend: `ip link add wg-x type wireguard`
    [InlineData("tun")] // wireguard-go: a tun device held by the process until the link goes
    public void A_down_WireGuard_link_named_by_tunmux_that_no_record_owns_is_an_orphan(string kind)
    {
        Find([new HostLink("wg-ghost", kind, AdminUp: false)]).Should().Equal("wg-ghost");
    }

    [Fact]
    public void A_link_a_record_or_direct_mode_owns_is_not_an_orphan()
    {
        Find([new HostLink("wg-built", "wireguard", false), new HostLink("wg-direct", "tun", false)], "wg-built", "wg-direct")
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData("veth")]
    [InlineData("dummy")]
    [InlineData("bridge")]
    [InlineData(null)] // a physical device carries no link kind
    public void A_link_of_another_kind_is_never_an_orphan_whatever_its_name(string? kind)
    {
        Find([new HostLink("wg-ghost", kind, false)]).Should().BeEmpty();
    }

    [Fact]
    public void A_link_that_is_up_is_in_use_and_never_an_orphan()
    {
        // tunmux never brings an interface up in the host namespace before moving it.
        Find([new HostLink("wg-ghost", "wireguard", AdminUp: true)]).Should().BeEmpty();
    }

    [Theory]
    [InlineData("wg0")]
    [InlineData("wg-")] // the bare prefix names no tunnel
    [InlineData("xwg-ghost")]
    [InlineData("WG-ghost")]
    public void A_name_that_is_not_one_tunmux_gives_is_never_an_orphan(string name)
    {
        Find([new HostLink(name, "wireguard", false)]).Should().BeEmpty();
    }

    [Fact]
    public void Orphans_come_in_name_order_once_each()
    {
        Find([new HostLink("wg-b", "tun", false), new HostLink("wg-a", "wireguard", false), new HostLink("wg-b", "tun", false)])
            .Should().Equal("wg-a", "wg-b");
    }
}
