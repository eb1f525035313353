using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Firewall;

namespace Tunmux.Core.Tests.Direct;

/// <summary>The nftables batch for every kill-switch option, as golden files (issue #10).</summary>
public class KillSwitchRulesetTests
{
    [Theory]
    [MemberData(nameof(FirewallCases.Names), MemberType = typeof(FirewallCases))]
    public void Batch_matches_the_golden_file(string name) =>
        Golden.Match($"firewall/{name}.nft", NftBatch.Render(KillSwitchRuleset.Build(FirewallCases.All[name])));

    [Fact]
    public void Every_batch_replaces_the_table_in_one_transaction()
    {
        foreach (var input in FirewallCases.All.Values)
        {
            var lines = NftBatch.Render(KillSwitchRuleset.Build(input)).Split('\n');
            lines[0].Should().Be("table inet tunmux");
            lines[1].Should().Be("delete table inet tunmux");
        }
    }

    [Fact]
    public void Without_a_direct_tunnel_or_lockdown_there_is_no_table() =>
        KillSwitchRuleset.Build(FirewallCases.All["nothing-declared"]).IsEmpty.Should().BeTrue();

    [Fact]
    public void Base_chains_drop_by_default_and_end_in_a_block()
    {
        var ruleset = KillSwitchRuleset.Build(FirewallCases.All["dual-stack-tunnel"]);
        foreach (var chain in ruleset.Chains.Where(c => c.Hook is "input" or "output" or "forward"))
        {
            chain.Policy.Should().Be(NftPolicy.Drop);
            chain.Rules[^1].Id.Should().Be("block");
        }
    }

    [Fact]
    public void Dns_is_rejected_before_the_lan_is_allowed()
    {
        var output = Chain("allow-lan", "output");
        var ids = output.Rules.Select(r => r.Id).ToList();
        ids.IndexOf("dns-tunnel4").Should().BeLessThan(ids.IndexOf("dns-block"));
        ids.IndexOf("dns-block").Should().BeLessThan(ids.IndexOf("lan4"));
        ids.IndexOf("dns-block").Should().BeLessThan(ids.IndexOf("tunnel"));
    }

    [Fact]
    public void The_endpoint_is_allowed_only_for_marked_packets()
    {
        var endpoint = Chain("ipv4-tunnel", "output").Rules.Single(r => r.Id == "endpoint-1");
        endpoint.Statement.Should().StartWith($"meta mark {DirectMarks.MarkText} ip daddr 198.51.100.7 udp dport 51820");
    }

    [Fact]
    public void A_tunnel_without_ipv6_passes_only_ipv4()
    {
        Chain("ipv4-tunnel", "output").Rules.Single(r => r.Id == "tunnel").Statement.Should().StartWith("meta nfproto ipv4 ");
        Chain("dual-stack-tunnel", "output").Rules.Single(r => r.Id == "tunnel").Statement.Should().StartWith("oifname ");
    }

    [Fact]
    public void Proxy_exit_endpoints_are_allowed_with_the_mark_and_never_twice()
    {
        var tunnel = FirewallCases.V4Tunnel;
        var input = new FirewallInput(KillSwitchSettings.Default, tunnel, [tunnel.Endpoints[0], .. FirewallCases.ProxyExits]);
        var output = KillSwitchRuleset.Build(input).Chains.Single(c => c.Name == "output");
        output.Rules.Where(r => r.Id.StartsWith("proxy-exit-", StringComparison.Ordinal)).Should().HaveCount(2)
            .And.OnlyContain(r => r.Statement.StartsWith("meta mark ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_interface_name_that_could_inject_syntax_is_refused()
    {
        var input = new FirewallInput(KillSwitchSettings.Default, FirewallCases.V4Tunnel with { Interface = "wg\" accept #" }, []);
        var build = () => KillSwitchRuleset.Build(input);
        build.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Rule_ids_are_unique_within_each_chain()
    {
        foreach (var input in FirewallCases.All.Values)
        {
            foreach (var chain in KillSwitchRuleset.Build(input).Chains)
            {
                chain.Rules.Select(r => r.Id).Should().OnlyHaveUniqueItems();
            }
        }
    }

    [Fact]
    public void Removal_only_declares_and_deletes_the_table() =>
        NftBatch.RenderRemoval().Should().Be("table inet tunmux\ndelete table inet tunmux\n");

    private static NftChain Chain(string caseName, string chain) =>
        KillSwitchRuleset.Build(FirewallCases.All[caseName]).Chains.Single(c => c.Name == chain);
}
