using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.Direct.Routing;
using Tunmux.Core.Model;

namespace Tunmux.Core.Tests.Direct;

/// <summary>The interface and routing steps of a direct tunnel per backend, as golden files (issue #10).</summary>
public class DirectTunnelPlanTests
{
    private const string ConfigPath = "/var/lib/tunmux/direct/wg-home.conf";

    private static readonly WireGuardConfig V4Only = new(
        new Secret("cGxhaW4gdGV4dCBwcml2YXRlIGtleSBmb3IgdGVzdHM="),
        ["10.66.0.2/32"],
        ["10.64.0.1"],
        1380,
        [new WireGuardPeer("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "198.51.100.7:51820", ["0.0.0.0/0", "::/0"], new Secret("c2VjcmV0IHByZXNoYXJlZCBrZXkgZm9yIHRlc3RzIQ=="), 25)]);

    private static readonly WireGuardConfig DualStack = V4Only with { Addresses = ["10.66.0.2/32", "fd00::2/128"], Mtu = null };

    public static TheoryData<string> Cases() => new("kernel", "userspace", "wg-quick", "kernel-dual-stack");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_matches_the_golden_file(string name)
    {
        var plan = name switch
        {
            "kernel" => DirectTunnelPlan.Up(DirectBackend.Kernel, "wg-home", V4Only, ConfigPath),
            "userspace" => DirectTunnelPlan.Up(DirectBackend.Userspace, "wg-home", V4Only, ConfigPath),
            "wg-quick" => DirectTunnelPlan.Up(DirectBackend.WgQuick, "wg-home", V4Only, ConfigPath),
            _ => DirectTunnelPlan.Up(DirectBackend.Kernel, "wg-home", DualStack, ConfigPath),
        };
        var text = string.Join('\n', plan.Device.Select(s => s.Render()).Concat(plan.Routing.Select(s => s.Render()))) + "\n";
        Golden.Match($"routing/{name}.txt", text);
    }

    [Fact]
    public void Teardown_matches_the_golden_file() =>
        Golden.Match("routing/down.txt", string.Join('\n', DirectRouting.Down().Select(s => s.Render())) + "\n");

    [Fact]
    public void No_step_renders_a_key()
    {
        foreach (var backend in Enum.GetValues<DirectBackend>())
        {
            var plan = DirectTunnelPlan.Up(backend, "wg-home", V4Only, ConfigPath);
            var text = string.Join('\n', plan.Device.Select(s => s.Render()));
            text.Should().NotContain(V4Only.PrivateKey.Reveal()).And.NotContain(V4Only.Peers[0].PresharedKey!.Reveal());
        }
    }

    [Fact]
    public void A_tunnel_without_an_ipv6_address_routes_no_ipv6_into_it_and_blocks_it()
    {
        DirectTunnelPlan.CarriesIpv6(V4Only).Should().BeFalse();
        var routes = DirectTunnelPlan.Up(DirectBackend.Kernel, "wg-home", V4Only, ConfigPath).Routing.OfType<RouteStep.Route>().ToList();
        routes.Where(r => r.Family == IpFamily.V6).Should().ContainSingle().Which.Device.Should().BeNull("only the unreachable floor");
    }

    [Fact]
    public void Marked_packets_skip_the_tunnel_table_after_the_suppressing_rule()
    {
        var rules = DirectRouting.Up("wg-home", ["0.0.0.0/0"], ipv6: false).OfType<RouteStep.Rule>().Where(r => r.Family == IpFamily.V4).ToList();
        rules.Should().HaveCount(2);
        rules[0].Selector.Should().Equal("table", "main", "suppress_prefixlength", "0");
        rules[1].Selector.Should().Equal("not", "fwmark", DirectMarks.MarkText, "table", DirectMarks.Table.ToString(System.Globalization.CultureInfo.InvariantCulture));
        rules[0].Priority.Should().BeLessThan(rules[1].Priority);
    }

    [Fact]
    public void The_wg_quick_config_carries_the_mark_so_wg_quick_picks_the_same_table()
    {
        var text = DirectTunnelPlan.WgQuickText(V4Only, masked: false);
        text.Should().Contain($"FwMark = {DirectMarks.MarkText}").And.Contain(V4Only.PrivateKey.Reveal());
        text.Should().NotContain("DNS", "tunmux sets DNS itself; wg-quick would need resolvconf");
    }
}
