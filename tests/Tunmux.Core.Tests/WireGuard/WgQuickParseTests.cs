using Tunmux.Core.Model;
using Tunmux.Core.WireGuard;

namespace Tunmux.Core.Tests.WireGuard;

public sealed class WgQuickParseTests
{
    private static readonly string Valid = $"""
        [Interface]
        PrivateKey = {TestKeys.Private}
        Address = 10.2.0.2/32
        DNS = 10.2.0.1

        [Peer]
        PublicKey = {TestKeys.ServerPublic}
        AllowedIPs = 0.0.0.0/0, ::/0
        Endpoint = 198.51.100.1:51820
        """;

    private static WgQuickParseResult Parse(string text) => WgQuickConfig.Parse(text);

    private static string Without(string line) =>
        string.Join('\n', Valid.Split('\n').Where(l => !l.StartsWith(line, StringComparison.Ordinal)));

    [Fact]
    public void A_plain_file_gives_every_field_with_the_keys_wrapped_as_secrets()
    {
        var result = Parse(Valid);

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
        var config = result.Config!;
        config.PrivateKey.Reveal().Should().Be(TestKeys.Private);
        config.PrivateKey.ToString().Should().Be(Secret.Redacted);
        config.Addresses.Should().Equal("10.2.0.2/32");
        config.Dns.Should().Equal("10.2.0.1");
        config.Mtu.Should().BeNull();
        config.Peers.Should().ContainSingle();
        config.Peers[0].PublicKey.Should().Be(TestKeys.ServerPublic);
        config.Peers[0].AllowedIps.Should().Equal("0.0.0.0/0", "::/0");
        config.Peers[0].Endpoint.Should().Be("198.51.100.1:51820");
        config.Peers[0].PresharedKey.Should().BeNull();
        config.Peers[0].PersistentKeepalive.Should().BeNull();
    }

    [Fact]
    public void Keys_and_section_names_are_case_insensitive()
    {
        var text = $"""
            [INTERFACE]
            privatekey = {TestKeys.Private}
            ADDRESS = 10.2.0.2/32
            mtu = 1400
            [peer]
            publicKEY = {TestKeys.ServerPublic}
            allowedips = 0.0.0.0/0
            persistentkeepalive = 25
            """;

        var config = Parse(text).Config!;

        config.Mtu.Should().Be(1400);
        config.Addresses.Should().Equal("10.2.0.2/32");
        config.Peers[0].PersistentKeepalive.Should().Be(25);
    }

    [Fact]
    public void Hash_and_semicolon_lines_are_comments_and_a_hash_ends_a_line()
    {
        var text = $"""
            # a provider's header
            ; another comment style
            [Interface]   # the client
            PrivateKey = {TestKeys.Private}
            Address = 10.2.0.2/32 # inner address

            [Peer]
            PublicKey = {TestKeys.ServerPublic}
            AllowedIPs = 0.0.0.0/0
            """;

        var result = Parse(text);

        result.Errors.Should().BeEmpty();
        result.Config!.Addresses.Should().Equal("10.2.0.2/32");
    }

    [Fact]
    public void Address_dns_and_allowed_ips_may_be_comma_lists_and_repeated()
    {
        var text = $"""
            [Interface]
            PrivateKey = {TestKeys.Private}
            Address = 10.5.0.1/32, fd7d:76ee:e68f:a993::1/128
            Address = 10.6.0.1
            DNS = 10.5.0.1
            DNS = fd7d:76ee:e68f:a993::1
            [Peer]
            PublicKey = {TestKeys.ServerPublic}
            AllowedIPs = 0.0.0.0/1,128.0.0.0/1
            AllowedIPs = ::/0
            """;

        var config = Parse(text).Config!;

        config.Addresses.Should().Equal("10.5.0.1/32", "fd7d:76ee:e68f:a993::1/128", "10.6.0.1");
        config.Dns.Should().Equal("10.5.0.1", "fd7d:76ee:e68f:a993::1");
        config.Peers[0].AllowedIps.Should().Equal("0.0.0.0/1", "128.0.0.0/1", "::/0");
    }

    [Fact]
    public void Several_peers_each_keep_their_own_settings()
    {
        var text = Valid + $"""

            [Peer]
            PublicKey = {TestKeys.OtherPublic}
            PresharedKey = {TestKeys.Preshared}
            AllowedIPs = 10.9.0.0/24
            Endpoint = [2001:db8::1]:1637
            """;

        var peers = Parse(text).Config!.Peers;

        peers.Should().HaveCount(2);
        peers[1].PublicKey.Should().Be(TestKeys.OtherPublic);
        peers[1].PresharedKey!.Reveal().Should().Be(TestKeys.Preshared);
        peers[1].Endpoint.Should().Be("[2001:db8::1]:1637");
        peers[0].PresharedKey.Should().BeNull();
    }

    [Fact]
    public void Wg_quick_routing_and_hook_settings_are_accepted_with_a_warning_each()
    {
        var text = Valid.Replace("DNS = 10.2.0.1", "DNS = 10.2.0.1\nTable = off\nPostUp = iptables -A FORWARD\nPreDown = true\nSaveConfig = false", StringComparison.Ordinal);

        var result = Parse(text);

        result.Errors.Should().BeEmpty();
        result.Config.Should().NotBeNull();
        result.Warnings.Select(w => w.Line).Should().Equal(5, 6, 7, 8);
        result.Warnings[1].Message.Should().Contain("PostUp").And.NotContain("iptables");
    }

    [Fact]
    public void Listen_port_is_ignored_without_a_warning()
    {
        var result = Parse(Valid.Replace("DNS = 10.2.0.1", "DNS = 10.2.0.1\nListenPort = 51820", StringComparison.Ordinal));

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Dns_search_domains_are_dropped_with_a_warning()
    {
        var result = Parse(Valid.Replace("DNS = 10.2.0.1", "DNS = 10.2.0.1, corp.example", StringComparison.Ordinal));

        result.Config!.Dns.Should().Equal("10.2.0.1");
        result.Warnings.Should().ContainSingle().Which.Message.Should().Contain("corp.example");
    }

    [Fact]
    public void Missing_private_key_is_an_error_that_names_private_key()
    {
        var result = Parse(Without("PrivateKey"));

        result.Config.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Should().Be(new WgQuickError(1, "[Interface] has no PrivateKey"));
    }

    [Fact]
    public void A_file_without_a_peer_section_is_an_error_that_names_peer()
    {
        var text = string.Join('\n', Valid.Split('\n').TakeWhile(l => !l.StartsWith("[Peer]", StringComparison.Ordinal)));

        var result = Parse(text);

        result.Config.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("Peer");
    }

    [Fact]
    public void Missing_address_is_an_error()
    {
        var result = Parse(Without("Address"));

        result.Config.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("Address");
    }

    [Fact]
    public void A_peer_without_public_key_or_allowed_ips_is_an_error_on_its_section_line()
    {
        var noKey = Parse(Without("PublicKey"));
        var noAllowedIps = Parse(Without("AllowedIPs"));

        noKey.Errors.Should().ContainSingle().Which.Should().Be(new WgQuickError(6, "[Peer] has no PublicKey"));
        noAllowedIps.Errors.Should().ContainSingle().Which.Should().Be(new WgQuickError(6, "[Peer] has no AllowedIPs"));
    }

    [Fact]
    public void A_file_without_an_interface_section_is_an_error()
    {
        var text = string.Join('\n', Valid.Split('\n').SkipWhile(l => !l.StartsWith("[Peer]", StringComparison.Ordinal)));

        Parse(text).Errors.Should().ContainSingle().Which.Should().Be(new WgQuickError(0, "the file has no [Interface] section"));
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_line()
    {
        var text = $"""
            [Interface]
            PrivateKey = {TestKeys.Private}
            Address = 10.2.0.300/32
            MTU = big
            Colour = blue
            [Peer]
            PublicKey = {TestKeys.ServerPublic}
            AllowedIPs = 0.0.0.0/0
            Endpoint = nowhere
            PersistentKeepalive = often
            [Tunnel]
            """;

        var errors = Parse(text).Errors;

        errors.Select(e => e.Line).Should().Equal(3, 4, 5, 9, 10, 11);
        errors[2].Message.Should().Be("unknown key 'Colour' in [Interface]");
        errors[2].ToString().Should().Be("line 5: unknown key 'Colour' in [Interface]");
    }

    [Fact]
    public void Errors_about_keys_never_repeat_the_key_material()
    {
        var malformedPrivate = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
        var text = $"""
            [Interface]
            PrivateKey = {malformedPrivate}
            PrivatKey = {TestKeys.Private}
            Address = 10.2.0.2/32
            this line has no equals sign {TestKeys.Preshared}
            [Peer]
            PublicKey = {TestKeys.ServerPublic}
            PresharedKey = short{malformedPrivate}
            AllowedIPs = 0.0.0.0/0
            """;

        var errors = Parse(text).Errors;

        errors.Select(e => e.Line).Should().Equal(2, 3, 5, 8);
        foreach (var error in errors)
        {
            error.Message.Should().NotContain(malformedPrivate).And.NotContain(TestKeys.Private).And.NotContain(TestKeys.Preshared);
        }
    }

    [Fact]
    public void Settings_set_twice_are_errors_but_lists_may_repeat()
    {
        var text = Valid.Replace("DNS = 10.2.0.1", $"DNS = 10.2.0.1\nPrivateKey = {TestKeys.Private}\nMTU = 1400\nMTU = 1420", StringComparison.Ordinal);

        Parse(text).Errors.Select(e => e.ToString()).Should().Equal(
            "line 5: PrivateKey is set twice in [Interface]",
            "line 7: MTU is set twice in [Interface]");
    }

    [Fact]
    public void Two_peers_with_the_same_public_key_are_an_error()
    {
        var text = Valid + $"\n[Peer]\nPublicKey = {TestKeys.ServerPublic}\nAllowedIPs = 10.0.0.0/8\n";

        Parse(text).Errors.Should().ContainSingle().Which.Should().Be(
            new WgQuickError(10, "[Peer] repeats the PublicKey of the [Peer] on line 6"));
    }

    [Fact]
    public void Windows_line_endings_are_read_like_unix_ones()
    {
        var result = Parse(Valid.Replace("\n", "\r\n", StringComparison.Ordinal));

        result.Errors.Should().BeEmpty();
        result.Config!.Peers[0].Endpoint.Should().Be("198.51.100.1:51820");
    }

    [Theory]
    [InlineData("vpn.example.com:51820", true)]
    [InlineData("198.51.100.1:1", true)]
    [InlineData("[2001:db8::1]:51820", true)]
    [InlineData("198.51.100.1", false)]
    [InlineData("198.51.100.1:0", false)]
    [InlineData("198.51.100.1:65536", false)]
    [InlineData("2001:db8::1:51820", false)]
    [InlineData("[198.51.100.1]:51820", false)]
    [InlineData("bad host:51820", false)]
    public void Endpoint_must_be_host_and_port(string endpoint, bool valid)
    {
        var result = Parse(Valid.Replace("198.51.100.1:51820", endpoint, StringComparison.Ordinal));

        result.Errors.Should().HaveCount(valid ? 0 : 1);
    }
}
