using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>Rules on one Tunnel. Manifests.Tunnel() puts the name on line 4 and spec.wireguard on line 6.</summary>
public sealed class TunnelValidationTests
{
    private static string[] WireGuardErrors(string wireguard) => Manifests.Errors(Manifests.Tunnel(wireguard: wireguard));

    private static string[] PeerErrors(string field, string value) =>
        WireGuardErrors(Manifests.DefaultWireGuard.Replace(
            Manifests.DefaultWireGuard.Split('\n').Single(l => l.TrimStart().StartsWith(field + ":", StringComparison.Ordinal)),
            $"      {field}: {value}",
            StringComparison.Ordinal));

    [Fact]
    public void A_complete_inline_tunnel_is_valid()
    {
        Manifests.Errors(Manifests.Tunnel()).Should().BeEmpty();
    }

    [Fact]
    public void A_tunnel_from_a_config_file_is_valid()
    {
        WireGuardErrors("    configFile: exit.conf").Should().BeEmpty();
    }

    [Theory]
    [InlineData("Lab-1")]
    [InlineData("lab_1")]
    [InlineData("-lab")]
    [InlineData("lab-")]
    [InlineData("lab.1")]
    public void Names_must_be_dns_labels(string name)
    {
        Manifests.Errors(Manifests.Tunnel(name)).Should().Equal(
            $"test.yaml:4:9: metadata.name: \"{name}\" is not a DNS-1123 label: lower-case letters, digits and '-', "
            + "starting and ending with a letter or digit");
    }

    [Fact]
    public void Names_are_at_most_32_characters()
    {
        var longest = new string('a', 32);
        var tooLong = new string('a', 33);

        Manifests.Errors(Manifests.Tunnel(longest)).Should().BeEmpty();
        Manifests.Errors(Manifests.Tunnel(tooLong))
            .Should().Equal($"test.yaml:4:9: metadata.name: \"{tooLong}\" is 33 characters long; at most 32");
    }

    [Fact]
    public void An_empty_name_is_refused_once()
    {
        Manifests.Errors(Manifests.Tunnel("\"\"")).Should().Equal("test.yaml:4:9: metadata.name: must not be empty");
    }

    [Theory]
    [InlineData("proton")]
    [InlineData("mullvad")]
    [InlineData("airvpn")]
    public void Account_providers_need_no_wireguard_block(string provider)
    {
        Manifests.Errors(Manifests.TunnelSpec($"  provider: {provider}")).Should().BeEmpty();
    }

    [Fact]
    public void Direct_mode_is_accepted_with_or_without_a_kill_switch_block()
    {
        Manifests.Errors(Manifests.TunnelSpec("  mode: direct\n  wireguard: {configFile: x.conf}")).Should().BeEmpty();
        Manifests.Errors(Manifests.TunnelSpec("  mode: direct\n  backend: wg-quick\n  killSwitch: {allowLan: true, lockdown: true}\n  wireguard: {configFile: x.conf}"))
            .Should().BeEmpty();
    }

    [Fact]
    public void The_kill_switch_is_for_direct_mode_only()
    {
        Manifests.Errors(Manifests.TunnelSpec("  killSwitch: {allowLan: true}\n  wireguard: {configFile: x.conf}"))
            .Should().Equal("test.yaml:5:15: spec.killSwitch: is only for mode direct: a proxy exit never carries the host's traffic");
    }

    [Fact]
    public void Lockdown_needs_the_kill_switch_enabled()
    {
        Manifests.Errors(Manifests.TunnelSpec("  mode: direct\n  killSwitch: {enabled: false, lockdown: true}\n  wireguard: {configFile: x.conf}"))
            .Should().ContainSingle().Which.Should().EndWith("spec.killSwitch.lockdown: lockdown keeps the block, so it needs enabled: true");
    }

    [Fact]
    public void The_wg_quick_backend_is_for_direct_mode_only()
    {
        Manifests.Errors(Manifests.TunnelSpec("  backend: wg-quick\n  wireguard: {configFile: x.conf}"))
            .Should().ContainSingle().Which.Should().Contain("spec.backend: wg-quick is for mode direct only");
    }

    [Fact]
    public void The_wireguard_provider_needs_a_wireguard_block()
    {
        Manifests.Errors(Manifests.TunnelSpec("  provider: wireguard")).Should().Equal(
            "test.yaml:4:1: spec.wireguard: is required for provider wireguard: configFile, or the inline fields");
    }

    [Fact]
    public void A_config_file_excludes_the_inline_fields()
    {
        WireGuardErrors("    configFile: exit.conf\n    mtu: 1420\n    dns: [10.0.0.1]").Should().Equal(
            "test.yaml:7:17: spec.wireguard.configFile: configFile excludes the inline fields (dns, mtu): use one or the other");
    }

    [Fact]
    public void An_empty_wireguard_block_needs_a_config_file_or_inline_fields()
    {
        Manifests.Errors(Manifests.TunnelSpec("  wireguard: {}")).Should().Equal(
            "test.yaml:5:14: spec.wireguard: needs configFile, or the inline fields (privateKeyFile, addresses, peer or peers)");
    }

    [Fact]
    public void Inline_fields_need_a_private_key_file_an_address_and_a_peer()
    {
        WireGuardErrors("    dns: [10.0.0.1]").Should().Equal(
            "test.yaml:6:3: spec.wireguard.privateKeyFile: is required: a file holding the private key (mode 0600)",
            "test.yaml:6:3: spec.wireguard.addresses: needs at least one address of the tunnel interface, e.g. 10.66.0.2/32",
            "test.yaml:6:3: spec.wireguard.peer: is required: the server's publicKey, endpoint and allowedIPs");
    }

    [Fact]
    public void A_peer_needs_a_public_key_an_endpoint_and_allowed_ips()
    {
        WireGuardErrors("    privateKeyFile: k\n    addresses: [10.0.0.2/32]\n    peer: {persistentKeepalive: 25}").Should().Equal(
            "test.yaml:9:11: spec.wireguard.peer.publicKey: is required: the server's public key (base64 of 32 bytes)",
            "test.yaml:9:11: spec.wireguard.peer.endpoint: is required: HOST:PORT or [IPV6]:PORT",
            "test.yaml:9:11: spec.wireguard.peer.allowedIPs: needs at least one CIDR (0.0.0.0/0 and ::/0 send everything through the tunnel)");
    }

    [Theory]
    [InlineData("not-base64-at-all")]
    [InlineData("dHVubXV4LXRlc3QtcGVlci1wdWJsaWMta2V5LUZBSw==")] // 31 bytes
    [InlineData("dHVubXV4LXRlc3QtcGVlci1wdWJsaWMta2V5LUZBS0Uh")] // 33 bytes
    [InlineData("dHVubXV4LXRlc3QtcGVlci1wdWJsaWMta2V5LUZBS0U")] // padding left out
    public void Public_keys_must_be_base64_of_32_bytes(string key)
    {
        PeerErrors("publicKey", key).Should().Equal(
            $"test.yaml:10:18: spec.wireguard.peer.publicKey: \"{key}\" is not a WireGuard key: base64 of 32 bytes (44 characters ending in '=')");
    }

    [Theory]
    [InlineData("vpn.example.net", "\"vpn.example.net\" needs a port: HOST:PORT")]
    [InlineData("vpn.example.net:0", "\"vpn.example.net:0\" has a bad port: expected 1-65535")]
    [InlineData("vpn.example.net:65536", "\"vpn.example.net:65536\" has a bad port: expected 1-65535")]
    [InlineData("vpn.example.net:wg", "\"vpn.example.net:wg\" has a bad port: expected 1-65535")]
    [InlineData("2001:db8::1:51820", "\"2001:db8::1:51820\": an IPv6 endpoint is written [ADDRESS]:PORT")]
    [InlineData("\"[2001:db8::1]\"", "\"[2001:db8::1]\" is not [IPV6]:PORT")]
    [InlineData("\"[10.0.0.1]:51820\"", "\"[10.0.0.1]:51820\" is not [IPV6]:PORT")]
    [InlineData("vpn_exit.example:51820", "\"vpn_exit.example\" is neither an IP address nor a host name")]
    [InlineData("10.0.0.300:51820", "\"10.0.0.300\" is neither an IP address nor a host name")]
    public void Endpoints_must_be_host_and_port(string endpoint, string message)
    {
        PeerErrors("endpoint", endpoint).Should().Equal($"test.yaml:11:17: spec.wireguard.peer.endpoint: {message}");
    }

    [Theory]
    [InlineData("198.51.100.7:51820")]
    [InlineData("\"[2001:db8::1]:51820\"")]
    [InlineData("localhost:1")]
    [InlineData("vpn.example.net:65535")]
    public void Well_formed_endpoints_are_accepted(string endpoint)
    {
        PeerErrors("endpoint", endpoint).Should().BeEmpty();
    }

    [Theory]
    [InlineData("10.0.0.0", "\"10.0.0.0\" needs a prefix length, e.g. 10.0.0.0/32")]
    [InlineData("\"2001:db8::\"", "\"2001:db8::\" needs a prefix length, e.g. 2001:db8::/128")]
    [InlineData("10.0.0.0/33", "\"10.0.0.0/33\" has a bad prefix length: expected 0-32")]
    [InlineData("\"::/129\"", "\"::/129\" has a bad prefix length: expected 0-128")]
    [InlineData("10.0.0.0/-1", "\"10.0.0.0/-1\" has a bad prefix length: expected 0-32")]
    [InlineData("10.1/8", "\"10.1/8\" is not a CIDR (ADDRESS/PREFIX, e.g. 10.66.0.2/32)")]
    [InlineData("\"fe80::1%eth0/64\"", "\"fe80::1%eth0/64\" is not a CIDR (ADDRESS/PREFIX, e.g. 10.66.0.2/32)")]
    public void Allowed_ips_must_be_cidrs(string cidr, string message)
    {
        PeerErrors("allowedIPs", $"[0.0.0.0/0, {cidr}]")
            .Should().Equal($"test.yaml:12:31: spec.wireguard.peer.allowedIPs[1]: {message}");
    }

    [Fact]
    public void Allowed_ips_take_ipv6_and_host_bits()
    {
        PeerErrors("allowedIPs", "[10.66.0.2/24, \"::/0\", \"2001:db8::/32\"]").Should().BeEmpty();
    }

    [Fact]
    public void Allowed_ips_must_not_be_empty()
    {
        PeerErrors("allowedIPs", "[]").Should().Equal(
            "test.yaml:12:19: spec.wireguard.peer.allowedIPs: needs at least one CIDR (0.0.0.0/0 and ::/0 send everything through the tunnel)");
    }

    [Fact]
    public void Interface_addresses_must_be_cidrs()
    {
        WireGuardErrors(Manifests.DefaultWireGuard.Replace("[10.66.0.2/32]", "[10.66.0.2]", StringComparison.Ordinal))
            .Should().Equal("test.yaml:8:17: spec.wireguard.addresses[0]: \"10.66.0.2\" needs a prefix length, e.g. 10.66.0.2/32");
    }

    [Fact]
    public void Dns_entries_must_be_ip_addresses()
    {
        WireGuardErrors(Manifests.DefaultWireGuard + "\n    dns: [10.66.0.1, resolver.example]").Should().Equal(
            "test.yaml:13:22: spec.wireguard.dns[1]: \"resolver.example\" is not an IP address: dns lists name server addresses");
    }

    [Theory]
    [InlineData(1279, false)]
    [InlineData(1280, true)]
    [InlineData(9000, true)]
    [InlineData(9001, false)]
    public void Mtu_is_between_1280_and_9000(int mtu, bool valid)
    {
        var errors = WireGuardErrors(Manifests.DefaultWireGuard + $"\n    mtu: {mtu}");

        errors.Should().Equal(valid ? [] : [$"test.yaml:13:10: spec.wireguard.mtu: {mtu} is out of range: 1280-9000"]);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    public void Persistent_keepalive_is_between_0_and_65535(int seconds, bool valid)
    {
        var errors = WireGuardErrors(Manifests.DefaultWireGuard + $"\n      persistentKeepalive: {seconds}");

        errors.Should().Equal(valid
            ? []
            : [$"test.yaml:13:28: spec.wireguard.peer.persistentKeepalive: {seconds} is out of range: 0-65535 seconds"]);
    }

    [Fact]
    public void An_empty_preshared_key_file_is_refused()
    {
        WireGuardErrors(Manifests.DefaultWireGuard + "\n      presharedKeyFile: \"\"").Should().Equal(
            "test.yaml:13:25: spec.wireguard.peer.presharedKeyFile: must not be empty; leave the field out when there is no preshared key");
    }

    [Fact]
    public void Every_problem_of_a_tunnel_is_reported_at_once()
    {
        var errors = WireGuardErrors("""
                privateKeyFile: k
                addresses: [10.66.0.2]
                mtu: 100
                peer:
                  publicKey: short
                  endpoint: nowhere
                  allowedIPs: [everything]
            """);

        errors.Select(e => e.Split(": ")[1]).Should().Equal(
            "spec.wireguard.addresses[0]",
            "spec.wireguard.mtu",
            "spec.wireguard.peer.publicKey",
            "spec.wireguard.peer.endpoint",
            "spec.wireguard.peer.allowedIPs[0]");
    }

    [Fact]
    public void Objects_built_in_code_are_validated_and_named_in_place_of_a_position()
    {
        var tunnel = new TunnelManifest
        {
            Metadata = new ObjectMeta { Name = "Bad" },
            Spec = new TunnelSpec { WireGuard = new WireGuardSpec { ConfigFile = "/x.conf" } },
        };

        var errors = ManifestValidator.Validate([tunnel]);

        errors.Should().ContainSingle().Which.Position.Should().Be(new SourcePosition("<Tunnel/Bad>", 1, 1));
        errors[0].FieldPath.Should().Be("metadata.name");
        errors[0].Subject.Should().Be("Tunnel/Bad");
    }
}
