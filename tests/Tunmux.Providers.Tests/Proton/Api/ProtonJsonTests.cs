using System.Text.Json;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Api;

public sealed class ProtonJsonTests
{
    [Fact]
    public void The_certificate_reply_is_read_into_its_record()
    {
        // Vector file: proton/pvac_api_cert_response.json
        var reply = ProtonJson.ParseCertificate(VectorFile.Read("proton/pvac_api_cert_response.json"));

        reply.SerialNumber.Should().Be("154197323");
        reply.ExpirationTime.Should().Be(1642796962);
        reply.RefreshTime.Should().Be(1642775362);
        reply.Certificate.Should().StartWith("-----BEGIN CERTIFICATE-----");
        reply.ServerPublicKeyMode.Should().Be("EC");
        reply.Mode.Should().Be("session");
    }

    [Fact]
    public void The_vpn_settings_reply_is_read_with_the_password_kept_secret()
    {
        // Vector file: proton/pvac_api_vpnsettings_response.json
        var reply = ProtonJson.ParseVpnSettings(VectorFile.Read("proton/pvac_api_vpnsettings_response.json"));

        reply.Vpn.Should().NotBeNull();
        reply.Vpn!.Name.Should().Be("test");
        reply.Vpn.Password!.Reveal().Should().Be("passwordtest");
        reply.Vpn.ToString().Should().NotContain("passwordtest");
        reply.Vpn.PlanName.Should().Be("free");
        reply.Vpn.PlanTitle.Should().Be("mock_title");
        reply.Vpn.MaxTier.Should().Be(0);
        reply.Vpn.MaxConnect.Should().Be(2);
        reply.Vpn.GroupId.Should().Be("testgroup");
        reply.Vpn.Groups.Should().Equal("vpnfree");
        reply.Credit.Should().Be(17091);
        reply.Currency.Should().Be("EUR");
    }

    [Fact]
    public void The_sessions_reply_lists_each_session()
    {
        // Vector file: proton/pvac_api_vpnsessions_response.json
        var reply = ProtonJson.ParseVpnSessions(VectorFile.Read("proton/pvac_api_vpnsessions_response.json"));

        reply.Sessions.Select(session => (session.SessionId, session.ExitIp, session.Protocol)).Should().Equal(
            ("9A35C20A09AC0833157B320C408CD679", "1.2.3.4", "openvpn"),
            ("9A35C20A09AC0833157B320C408CD67A", "5.6.7.8", "openvpn"));
    }

    [Fact]
    public void The_location_reply_is_read_into_its_record()
    {
        // Vector file: proton/pvac_api_vpn_location_response.json
        var reply = ProtonJson.ParseLocation(VectorFile.Read("proton/pvac_api_vpn_location_response.json"));

        reply.Ip.Should().Be("83.76.246.115");
        reply.Lat.Should().Be(46.1952);
        reply.Long.Should().Be(6.1436);
        reply.Country.Should().Be("CH");
        reply.Isp.Should().Be("World-Connect Services SARL");
    }

    [Fact]
    public void A_code_other_than_1000_is_an_error_carrying_the_API_message()
    {
        var act = () => ProtonJson.ParseAuth("""{"Code": 8002, "Error": "Incorrect login credentials"}""");

        act.Should().Throw<ProtonApiException>()
            .Where(exception => exception.Code == 8002)
            .WithMessage("*Incorrect login credentials*");
    }

    [Fact]
    public void A_reply_that_is_not_JSON_is_an_error()
    {
        var act = () => ProtonJson.ParseLocation("<html>");

        act.Should().Throw<ProtonApiException>();
    }

    [Fact]
    public void The_auth_reply_keeps_tokens_secret_and_reports_when_TOTP_is_needed()
    {
        var reply = ProtonJson.ParseAuth("""
            {"Code":1000,"UID":"uid-1","AccessToken":"access-xyz","RefreshToken":"refresh-xyz","TokenType":"Bearer",
             "ServerProof":"cHJvb2Y=","2FA":{"Enabled":1,"TOTP":1},"Scopes":["vpn","self"]}
            """);

        reply.Uid.Should().Be("uid-1");
        reply.AccessToken!.Reveal().Should().Be("access-xyz");
        reply.NeedsTotp.Should().BeTrue();
        reply.Scopes.Should().Equal("vpn", "self");
        reply.ToString().Should().NotContain("access-xyz").And.NotContain("refresh-xyz");
    }

    [Fact]
    public void The_auth_request_uses_Protons_field_names()
    {
        var body = ProtonJson.Serialize(new AuthRequest { Username = "u", ClientEphemeral = "A", ClientProof = "M1", SrpSession = "s" });

        var names = JsonDocument.Parse(body).RootElement.EnumerateObject().Select(property => property.Name);
        names.Should().Equal("Username", "ClientEphemeral", "ClientProof", "SRPSession");
    }
}
