using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>Provider tunnels (issue #5): spec.server, spec.account, portForwarding and keyRotation.</summary>
public sealed class ProviderValidationTests
{
    [Fact]
    public void A_complete_proton_tunnel_loads_every_field()
    {
        var set = Manifests.LoadAndValidate(Manifests.TunnelSpec("""
              provider: proton
              server:
                name: "US#1"
                country: us
                city: New York
                features: [p2p, streaming]
                tier: paid
                maxLoad: 80
                sort: load
              account: {name: alice, credentialsFile: secrets/proton.yaml}
              portForwarding: true
              keyRotation: 168h
            """));

        set.Errors.Should().BeEmpty();
        var spec = set.Tunnels.Single().Spec;
        spec.Provider.Should().Be(ProviderNames.Proton);
        spec.Server.Should().BeEquivalentTo(new ServerSelectorSpec
        {
            Name = "US#1",
            Country = "us",
            City = "New York",
            Features = ["p2p", "streaming"],
            Tier = "paid",
            MaxLoad = 80,
            Sort = "load",
        });
        spec.Account.Should().Be(new AccountSpec { Name = "alice", CredentialsFile = "/manifests/secrets/proton.yaml" });
        spec.PortForwarding.Should().BeTrue();
        spec.KeyRotation.Should().Be(TimeSpan.FromHours(168));
    }

    [Fact]
    public void A_provider_tunnel_may_not_carry_a_wireguard_block()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  wireguard: {configFile: x.conf}")).Should().Equal(
            "test.yaml:6:14: spec.wireguard: is only for provider wireguard; provider proton gets its keys from the account "
            + "and picks its server with spec.server");
    }

    [Fact]
    public void A_wireguard_tunnel_may_not_select_a_server_or_an_account()
    {
        Manifests.Errors(Manifests.TunnelSpec("  wireguard: {configFile: x.conf}\n  server: {country: CH}\n  account: {name: a}\n  keyRotation: 24h"))
            .Should().Equal(
                "test.yaml:6:11: spec.server: is only for provider tunnels (proton, airvpn, mullvad); a wireguard tunnel names its server in spec.wireguard",
                "test.yaml:7:12: spec.account: is only for provider tunnels (proton, airvpn, mullvad); a wireguard tunnel names its server in spec.wireguard",
                "test.yaml:8:16: spec.keyRotation: is only for provider tunnels (proton, airvpn, mullvad); a wireguard tunnel names its server in spec.wireguard");
    }

    [Theory]
    [InlineData("mullvad")]
    [InlineData("airvpn")]
    public void Only_proton_and_plain_wireguard_forward_ports(string provider)
    {
        Manifests.Errors(Manifests.TunnelSpec($"  provider: {provider}\n  portForwarding: true")).Should().Equal(
            $"test.yaml:6:19: spec.portForwarding: provider {provider} does not forward ports through tunmux; proton does "
            + "(and wireguard, for a Proton configuration with NAT-PMP on)");
    }

    /// <summary>Issue #5: Proton's downloadable WireGuard configurations can have NAT-PMP on.</summary>
    [Fact]
    public void A_plain_wireguard_tunnel_may_forward_a_port_with_a_hook()
    {
        var set = Manifests.LoadAndValidate(Manifests.TunnelSpec("""
              wireguard: {configFile: x.conf}
              portForwarding: true
              portForwardingHook: [/usr/local/bin/port-changed, --torrent, "a b"]
            """));

        set.Errors.Should().BeEmpty();
        set.Tunnels.Single().Spec.PortForwardingHook.Should().Equal("/usr/local/bin/port-changed", "--torrent", "a b");
    }

    [Fact]
    public void A_hook_needs_port_forwarding()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  portForwardingHook: [/bin/true]")).Should().Equal(
            "test.yaml:6:23: spec.portForwardingHook: runs when the forwarded port changes, so it needs spec.portForwarding: true");
    }

    [Fact]
    public void A_hook_names_its_program_by_absolute_path()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  portForwarding: true\n  portForwardingHook: [port-changed, x]")).Should().Equal(
            "test.yaml:7:24: spec.portForwardingHook[0]: \"port-changed\" is not an absolute path: the hook runs without a shell "
            + "or search path, e.g. /usr/local/bin/port-changed");
    }

    [Fact]
    public void Features_are_checked_against_the_provider()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: mullvad\n  server: {features: [owned, p2p]}")).Should().Equal(
            "test.yaml:6:30: spec.server.features[1]: provider mullvad has no feature \"p2p\"; it offers: owned");
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  server: {features: [tor, tor]}")).Should().Equal(
            "test.yaml:6:28: spec.server.features[1]: \"tor\" is listed twice");
    }

    [Fact]
    public void An_unknown_feature_word_is_refused_with_the_known_ones()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  server: {features: [p2pp]}")).Should().Equal(
            "test.yaml:6:23: spec.server.features[0]: unknown value \"p2pp\"; expected one of p2p, streaming, secure-core, tor, owned "
            + "(did you mean \"p2p\"?)");
    }

    [Fact]
    public void Country_codes_are_two_letters_and_max_load_a_percentage()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  server:\n    country: USA\n    maxLoad: 120")).Should().Equal(
            "test.yaml:7:14: spec.server.country: \"USA\" is not a country code: two letters (ISO 3166 alpha-2), e.g. CH",
            "test.yaml:8:14: spec.server.maxLoad: 120 is out of range: 0-100 (percent)");
    }

    [Fact]
    public void Only_proton_has_tiers()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: airvpn\n  server: {tier: free}")).Should().Equal(
            "test.yaml:6:18: spec.server.tier: only provider proton has free and paid servers; every airvpn server is paid");
    }

    [Fact]
    public void A_password_in_the_account_is_refused_without_repeating_it()
    {
        var errors = Manifests.Errors(Manifests.TunnelSpec("  provider: proton\n  account: {name: alice, password: hunter2}"));

        errors.Should().Equal(
            "test.yaml:6:26: spec.account.password: secrets are never inline: put the key in a file (mode 0600) and use credentialsFile");
        errors.Single().Should().NotContain("hunter2");
    }

    [Theory]
    [InlineData("168h", 168 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData("90m", 90)]
    public void Key_rotation_is_a_go_duration(string text, int minutes)
    {
        var set = Manifests.LoadAndValidate(Manifests.TunnelSpec($"  provider: mullvad\n  keyRotation: {text}"));

        set.Errors.Should().BeEmpty();
        set.Tunnels.Single().Spec.KeyRotation.Should().Be(TimeSpan.FromMinutes(minutes));
    }

    [Theory]
    [InlineData("7d", "\"7d\" is not a duration: a number with a unit, e.g. 168h, 30m or 1h30m")]
    [InlineData("h", "\"h\" is not a duration: a number with a unit, e.g. 168h, 30m or 1h30m")]
    [InlineData("168", "\"168\" is not a duration: a number with a unit, e.g. 168h, 30m or 1h30m")]
    [InlineData("30m", "30m is too short: at least 1h")]
    public void Bad_key_rotations_are_explained(string text, string message)
    {
        Manifests.Errors(Manifests.TunnelSpec($"  provider: mullvad\n  keyRotation: {text}")).Should().Equal($"test.yaml:6:16: spec.keyRotation: {message}");
    }
}
