using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnXmlTests
{
    [Fact]
    public void The_user_reply_gives_the_server_key_and_each_device_key()
    {
        // Vector file: tunmux/airvpn_user_response.xml
        var user = AirVpnXml.ParseUser(VectorFile.Read("tunmux/airvpn_user_response.xml"));

        user.Login.Should().Be("testuser");
        user.WireGuardPublicKey.Should().Be("PUBKEY123");
        var key = user.Keys.Should().ContainSingle().Subject;
        key.Name.Should().Be("default");
        key.WireGuardPrivateKey.Reveal().Should().Be("PRIVKEY");
        key.Ipv4.Should().Be("10.5.0.1/32");
        key.Ipv6.Should().Be("fd7d::1/128");
        key.DnsIpv4.Should().Be("10.5.0.1");
        key.DnsIpv6.Should().Be("fd7d::1");
        key.PresharedKey!.Reveal().Should().Be("PRESHARED");
        key.ToString().Should().NotContain("PRIVKEY").And.NotContain("PRESHARED");
    }

    [Fact]
    public void Device_keys_are_found_by_name_case_insensitively_or_default_to_the_first()
    {
        // Vector file: tunmux/airvpn_user_response.xml
        var user = AirVpnXml.ParseUser(VectorFile.Read("tunmux/airvpn_user_response.xml"));

        user.FindKey("DEFAULT")!.Name.Should().Be("default");
        user.FindKey(null)!.Name.Should().Be("default");
        user.FindKey("laptop").Should().BeNull();
    }

    [Fact]
    public void A_user_reply_with_a_message_is_an_error()
    {
        // Vector file: tunmux/airvpn_user_response_error.xml
        var act = () => AirVpnXml.ParseUser(VectorFile.Read("tunmux/airvpn_user_response_error.xml"));

        act.Should().Throw<AirVpnApiException>().WithMessage("*Invalid credentials*");
    }

    [Fact]
    public void Manifest_servers_inherit_missing_attributes_from_their_group()
    {
        // Vector file: tunmux/airvpn_manifest_response.xml
        var manifest = AirVpnXml.ParseManifest(VectorFile.Read("tunmux/airvpn_manifest_response.xml"));

        manifest.Servers.Should().HaveCount(2);
        var castor = manifest.Servers.Single(server => server.Name == "Castor");
        castor.EntryIps.Should().Equal("1.2.3.4", "5.6.7.8");
        castor.BandwidthMax.Should().Be(100000);
        castor.UsersMax.Should().Be(200);
        castor.ScoreBase.Should().Be(42);
        castor.Bandwidth.Should().Be(50000);
        castor.Users.Should().Be(15);
        castor.CountryCode.Should().Be("NL");
        castor.Location.Should().Be("Amsterdam");

        var vega = manifest.Servers.Single(server => server.Name == "Vega");
        vega.ScoreBase.Should().Be(7);
        vega.EntryIps.Should().Equal("9.10.11.12");
    }

    [Fact]
    public void Only_WireGuard_modes_are_kept_and_the_first_is_the_default()
    {
        // Vector file: tunmux/airvpn_manifest_response.xml
        var manifest = AirVpnXml.ParseManifest(VectorFile.Read("tunmux/airvpn_manifest_response.xml"));

        manifest.WireGuardModes.Should().Equal(new AirVpnMode("UDP", 1637, 0), new AirVpnMode("UDP", 443, 0));
        manifest.DefaultMode!.Port.Should().Be(1637);
        manifest.ApiUrls.Should().Equal("http://10.0.0.1");
        manifest.Time.Should().Be(123);
    }

    [Fact]
    public void The_entry_IP_follows_the_modes_entry_index_and_falls_back_to_the_first()
    {
        // Vector file: tunmux/airvpn_manifest_response.xml
        var castor = AirVpnXml.ParseManifest(VectorFile.Read("tunmux/airvpn_manifest_response.xml")).Servers[0];

        castor.EntryIpFor(new AirVpnMode("UDP", 1637, 1)).Should().Be("5.6.7.8");
        castor.EntryIpFor(new AirVpnMode("UDP", 1637, 0)).Should().Be("1.2.3.4");
        castor.EntryIpFor(new AirVpnMode("UDP", 1637, 7)).Should().Be("1.2.3.4");
    }

    [Fact]
    public void A_manifest_reply_with_an_error_attribute_is_an_error()
    {
        var act = () => AirVpnXml.ParseManifest("""<manifest error="Not authorized" />""");

        act.Should().Throw<AirVpnApiException>().WithMessage("*Not authorized*");
    }

    [Fact]
    public void A_reply_with_a_DTD_is_refused()
    {
        var act = () => AirVpnXml.ParseUser("""<?xml version="1.0"?><!DOCTYPE user [<!ENTITY x "y">]><user login="&x;" />""");

        act.Should().Throw<AirVpnApiException>();
    }

    [Fact]
    public void A_reply_with_the_wrong_root_is_refused()
    {
        var act = () => AirVpnXml.ParseManifest("""<user login="x" />""");

        act.Should().Throw<AirVpnApiException>().WithMessage("*<manifest>*");
    }
}
