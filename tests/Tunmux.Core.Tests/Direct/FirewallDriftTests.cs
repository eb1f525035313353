using System.Text.Json.Nodes;
using Tunmux.Core.Direct.Firewall;

namespace Tunmux.Core.Tests.Direct;

/// <summary>
/// Reading back <c>nft -j list table inet tunmux</c> and comparing it rule by rule (issue #10).
/// listing/allow-lan.json is what nft 1.0.6 listed after applying firewall/allow-lan.nft in a
/// scratch namespace.
/// </summary>
public class FirewallDriftTests
{
    private static readonly NftRuleset Planned = KillSwitchRuleset.Build(FirewallCases.All["allow-lan"]);

    private static string Listing() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "direct", "listing", "allow-lan.json"));

    [Fact]
    public void The_listing_of_the_applied_batch_has_every_chain_and_rule_in_order()
    {
        var table = NftListingParser.Parse(Listing());
        table.Chains.Select(c => c.Name).Should().Equal(Planned.Chains.Select(c => c.Name));
        foreach (var chain in Planned.Chains)
        {
            table.Chain(chain.Name)!.Rules.Select(r => r.Comment).Should().Equal(chain.Rules.Select(r => r.Comment));
        }
    }

    [Fact]
    public void The_listing_of_the_applied_batch_is_not_drift()
    {
        var table = NftListingParser.Parse(Listing());
        FirewallDrift.Find(Planned, table, table).Should().BeEmpty();
    }

    [Fact]
    public void A_rule_deleted_by_hand_is_drift()
    {
        var edited = Edit(items => items.Remove(items.First(i => i!["rule"]?["comment"]?.GetValue<string>() == "tunmux:dns-block" && (string?)i!["rule"]!["chain"] == "output")));
        FirewallDrift.Find(Planned, NftListingParser.Parse(edited), NftListingParser.Parse(Listing()))
            .Should().ContainSingle().Which.Should().Be("chain output: rule tunmux:dns-block is missing");
    }

    [Fact]
    public void A_rule_changed_in_place_is_drift_against_the_reference()
    {
        var edited = Edit(items =>
        {
            var rule = items.First(i => (string?)i!["rule"]?["comment"] == "tunmux:tunnel" && (string?)i!["rule"]!["chain"] == "output")!["rule"]!;
            rule["expr"]!.AsArray().Add(new JsonObject { ["counter"] = null });
        });
        FirewallDrift.Find(Planned, NftListingParser.Parse(edited), NftListingParser.Parse(Listing()))
            .Should().Equal("chain output: rule tunmux:tunnel was changed");
    }

    [Fact]
    public void Counter_totals_are_not_drift()
    {
        var withCounters = Edit(items =>
        {
            foreach (var item in items.Where(i => i!["rule"] is not null))
            {
                item!["rule"]!["expr"]!.AsArray().Add(new JsonObject { ["counter"] = new JsonObject { ["packets"] = 7, ["bytes"] = 420 } });
            }
        });
        var zeroCounters = withCounters.Replace("\"packets\":7,\"bytes\":420", "\"packets\":0,\"bytes\":0", StringComparison.Ordinal);
        FirewallDrift.Find(Planned, NftListingParser.Parse(withCounters), NftListingParser.Parse(zeroCounters)).Should().BeEmpty();
    }

    [Fact]
    public void A_changed_policy_and_a_foreign_chain_are_drift()
    {
        var edited = Edit(items =>
        {
            items.First(i => (string?)i!["chain"]?["name"] == "output")!["chain"]!["policy"] = "accept";
            items.Add(new JsonObject { ["chain"] = new JsonObject { ["family"] = "inet", ["table"] = "tunmux", ["name"] = "extra" } });
        });
        FirewallDrift.Find(Planned, NftListingParser.Parse(edited), null).Should().HaveCount(2)
            .And.Contain(f => f.StartsWith("chain output is filter hook output priority 0 policy accept", StringComparison.Ordinal))
            .And.Contain("chain extra is not planned");
    }

    [Fact]
    public void Rules_out_of_order_are_drift()
    {
        var edited = Edit(items =>
        {
            var first = items.First(i => (string?)i!["rule"]?["comment"] == "tunmux:dns-block" && (string?)i!["rule"]!["chain"] == "output")!;
            items.Remove(first);
            items.Add(first);
        });
        FirewallDrift.Find(Planned, NftListingParser.Parse(edited), null).Should().Equal("chain output: the rules are out of order");
    }

    [Fact]
    public void A_missing_table_is_drift_unless_none_is_planned()
    {
        FirewallDrift.Find(Planned, null, null).Should().Equal("table inet tunmux is missing");
        FirewallDrift.Find(NftRuleset.None, null, null).Should().BeEmpty();
        FirewallDrift.Find(NftRuleset.None, NftListingParser.Parse(Listing()), null).Should().ContainSingle();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"other\": []}")]
    [InlineData("[1]")]
    public void A_malformed_listing_is_a_format_error(string json)
    {
        var parse = () => NftListingParser.Parse(json);
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void A_listing_nested_past_the_limit_is_a_format_error()
    {
        var deep = "{\"nftables\": [" + new string('[', 100) + new string(']', 100) + "]}";
        var parse = () => NftListingParser.Parse(deep);
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Other_tables_in_a_listing_are_ignored()
    {
        var edited = Edit(items => items.Add(new JsonObject
        {
            ["rule"] = new JsonObject { ["family"] = "ip", ["table"] = "nat", ["chain"] = "output", ["expr"] = new JsonArray() },
        }));
        FirewallDrift.Find(Planned, NftListingParser.Parse(edited), NftListingParser.Parse(Listing())).Should().BeEmpty();
    }

    private static string Edit(Action<JsonArray> change)
    {
        var root = JsonNode.Parse(Listing())!;
        change(root["nftables"]!.AsArray());
        return root.ToJsonString();
    }
}
