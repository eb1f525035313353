using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Servers;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Servers;

// Fixture file: Fixtures/proton_logicals_sample.json (synthetic logicals reply, fields per ORIGINAL-TUNMUX.md section 5).
public sealed class ServerSelectorTests
{
    private static readonly IReadOnlyList<LogicalServer> Servers =
        ProtonJson.ParseLogicals(VectorFile.ReadFixture("proton_logicals_sample.json")).LogicalServers;

    private static ServerSelection Select(ServerQuery query) => ServerSelector.Select(Servers, query);

    [Fact]
    public void The_logicals_reply_is_read_with_every_field_tunmux_uses()
    {
        var us10 = Servers.Single(server => server.Name == "US#10");
        var secureCore = Servers.Single(server => server.Name == "CH-US#1");

        Servers.Should().HaveCount(9);
        us10.Id.Should().Be("l-us10");
        us10.Tier.Should().Be(ServerTier.Plus);
        us10.Features.Should().Be(ServerFeatures.P2P | ServerFeatures.IPv6);
        us10.Region.Should().Be("NY");
        us10.Location!.Lat.Should().Be(40.7);
        us10.Servers[0].EntryIp.Should().Be("203.0.113.10");
        us10.Servers[0].ExitIp.Should().Be("203.0.113.110");
        us10.Servers[0].X25519PublicKey.Should().Be("dXMxMC1rZXk=");
        secureCore.HostCountry.Should().Be("CH");
        secureCore.EntryCountry.Should().Be("CH");
        secureCore.ExitCountry.Should().Be("US");
    }

    [Fact]
    public void Without_filters_the_best_scored_usable_server_wins_and_Secure_Core_is_left_out()
    {
        var selection = Select(new ServerQuery());

        selection.IsSuccess.Should().BeTrue();
        selection.Server!.Name.Should().Be("CH#2");
        selection.Physical!.Id.Should().Be("p-ch2b", "the first physical server is offline");
        selection.Physical.Endpoint.Should().Be("203.0.113.3:51820");
    }

    [Fact]
    public void A_server_is_found_by_name_case_insensitively()
    {
        Select(new ServerQuery { Name = "us#9" }).Server!.Name.Should().Be("US#9");
    }

    [Fact]
    public void Equal_scores_fall_back_to_load_then_natural_name_order()
    {
        Select(new ServerQuery { Country = "us" }).Server!.Name.Should().Be("US#9");
        ServerSelector.Matching(Servers, new ServerQuery { Country = "US", Sort = ServerSort.Name }).Servers
            .Select(server => server.Name).Should().Equal("US#9", "US#10", "US-FREE#7");
    }

    [Fact]
    public void Sorting_by_load_prefers_the_least_loaded_server()
    {
        Select(new ServerQuery { Sort = ServerSort.Load }).Server!.Name.Should().Be("US#9");
    }

    [Fact]
    public void A_city_narrows_the_choice()
    {
        Select(new ServerQuery { City = "dallas" }).Server!.Name.Should().Be("US-FREE#7");
    }

    [Fact]
    public void The_free_tier_filter_and_the_account_tier_both_keep_free_servers_only()
    {
        Select(new ServerQuery { Tier = TierFilter.Free }).Server!.Name.Should().Be("CH#1");
        Select(new ServerQuery { AccountMaxTier = ServerTier.Free }).Server!.Name.Should().Be("CH#1");
        Select(new ServerQuery { Tier = TierFilter.Paid, Country = "CH" }).Server!.Name.Should().Be("CH#2");
    }

    [Fact]
    public void Features_are_required_when_asked_for()
    {
        Select(new ServerQuery { Features = ServerFeatures.SecureCore }).Server!.Name.Should().Be("CH-US#1");
        Select(new ServerQuery { Features = ServerFeatures.Tor }).Server!.Name.Should().Be("IS-TOR#1");
        Select(new ServerQuery { Features = ServerFeatures.P2P | ServerFeatures.IPv6 }).Server!.Name.Should().Be("US#10");
    }

    [Fact]
    public void A_load_limit_removes_busier_servers()
    {
        Select(new ServerQuery { MaxLoad = 20 }).Server!.Name.Should().Be("US#9");
    }

    [Fact]
    public void Offline_servers_and_servers_without_a_WireGuard_key_are_never_chosen()
    {
        var selection = Select(new ServerQuery { Country = "de" });

        selection.IsSuccess.Should().BeFalse();
        selection.EmptiedBy.Should().Be(ServerFilter.Country, "DE#4 has no X25519 key, so the online filter already removed it");
        Select(new ServerQuery { Name = "SE#3" }).EmptiedBy.Should().Be(ServerFilter.Name);
    }

    [Theory]
    [InlineData("XX#1", null, null, ServerFilter.Name)]
    [InlineData(null, "jp", null, ServerFilter.Country)]
    [InlineData(null, "ch", "Paris", ServerFilter.City)]
    public void The_error_names_the_filter_that_emptied_the_list(string? name, string? country, string? city, ServerFilter expected)
    {
        var selection = Select(new ServerQuery { Name = name, Country = country, City = city });

        selection.IsSuccess.Should().BeFalse();
        selection.EmptiedBy.Should().Be(expected);
        selection.Error.Should().Contain($"the {expected} filter");
    }

    [Fact]
    public void Asking_for_a_country_with_only_free_servers_overloaded_reports_the_load_filter()
    {
        var selection = Select(new ServerQuery { Country = "US", Tier = TierFilter.Free, MaxLoad = 50 });

        selection.EmptiedBy.Should().Be(ServerFilter.MaxLoad);
        selection.Error.Should().Contain("50%").And.Contain("removed the last 1 candidate)");
    }

    [Fact]
    public void Asking_for_a_feature_no_server_in_the_country_has_reports_the_features_filter()
    {
        var selection = Select(new ServerQuery { Country = "CH", Features = ServerFeatures.Tor });

        selection.EmptiedBy.Should().Be(ServerFilter.Features);
        selection.Error.Should().Contain("Tor");
    }

    [Fact]
    public void An_account_tier_below_every_server_in_the_country_reports_the_account_tier_filter()
    {
        Select(new ServerQuery { Country = "IS", AccountMaxTier = ServerTier.Free }).EmptiedBy.Should().Be(ServerFilter.AccountTier);
    }

    [Fact]
    public void An_empty_list_and_a_list_of_offline_servers_are_told_apart()
    {
        ServerSelector.Select([], new ServerQuery()).EmptiedBy.Should().Be(ServerFilter.ServerList);
        ServerSelector.Select(Servers.Where(server => server.Name is "SE#3" or "DE#4"), new ServerQuery()).EmptiedBy.Should().Be(ServerFilter.Online);
    }

    [Theory]
    [InlineData(ServerFeatures.None, ServerFeatures.None, true)]
    [InlineData(ServerFeatures.P2P | ServerFeatures.Streaming, ServerFeatures.P2P, true)]
    [InlineData(ServerFeatures.Streaming, ServerFeatures.P2P, false)]
    [InlineData(ServerFeatures.SecureCore, ServerFeatures.None, false)]
    [InlineData(ServerFeatures.Tor | ServerFeatures.P2P, ServerFeatures.P2P, false)]
    [InlineData(ServerFeatures.SecureCore | ServerFeatures.P2P, ServerFeatures.SecureCore | ServerFeatures.P2P, true)]
    public void Secure_Core_and_Tor_are_opt_in_while_other_features_are_requirements(ServerFeatures server, ServerFeatures wanted, bool expected)
    {
        ServerSelector.HasFeatures(server, wanted).Should().Be(expected);
    }

    [Fact]
    public void The_feature_bits_have_Protons_values()
    {
        ((int)ServerFeatures.SecureCore).Should().Be(1);
        ((int)ServerFeatures.Tor).Should().Be(2);
        ((int)ServerFeatures.P2P).Should().Be(4);
        ((int)ServerFeatures.Streaming).Should().Be(8);
        ((int)ServerFeatures.IPv6).Should().Be(16);
    }
}
