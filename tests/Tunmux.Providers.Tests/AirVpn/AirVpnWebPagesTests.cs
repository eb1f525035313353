using Tunmux.Providers.AirVpn.Web;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnWebPagesTests
{
    [Fact]
    public void Hidden_inputs_are_found_whatever_the_attribute_order_and_entities_are_decoded()
    {
        const string html = """
            <form><input type="hidden" name="csrfKey" value="abc123">
            <input value='aHR0cHM6Ly9h&amp;x' name='ref' type=hidden>
            <input name="empty"></form>
            """;

        AirVpnWebPages.InputValue(html, "csrfKey").Should().Be("abc123");
        AirVpnWebPages.InputValue(html, "ref").Should().Be("aHR0cHM6Ly9h&x");
        AirVpnWebPages.InputValue(html, "empty").Should().Be("");
        AirVpnWebPages.InputValue(html, "missing").Should().BeNull();
    }

    [Theory]
    [InlineData("eui_data")]
    [InlineData("air_data")]
    public void The_csrf_token_comes_from_the_data_json_of_the_page_data_element(string id)
    {
        var html = $$"""<div id="other" data-json="{&quot;ecsrf&quot;:&quot;wrong&quot;}"></div><div data-json="{&quot;ecsrf&quot;:&quot;t0k3n&quot;,&quot;a&quot;:1}" id="{{id}}"></div>""";

        AirVpnWebPages.CsrfToken(html).Should().Be("t0k3n");
    }

    [Fact]
    public void A_page_without_the_data_element_has_no_token()
    {
        AirVpnWebPages.CsrfToken("<html><div id=\"eui_data\" data-json=\"not json\"></div></html>").Should().BeNull();
    }

    [Fact]
    public void The_entry_gate_cookie_folds_the_squares_of_the_characters()
    {
        // 'a' = 97: 0 mod 282270 + 282270 + 18 = 282288; 'b' = 98: 282288 mod 288120 + 288120 + 18 = 570426.
        AirVpnEntryGate.Af3("ab").Should().Be(570426);
        AirVpnEntryGate.Af3("").Should().Be(0);
    }

    [Theory]
    [InlineData("wg-1637", "wireguard_3_udp_1637")]
    [InlineData("openvpn-tcp-443", "openvpn_1_tcp_443")]
    [InlineData("ovpn-udp-53", "openvpn_1_udp_53")]
    [InlineData("wireguard_3_udp_51820", "wireguard_3_udp_51820")]
    public void Short_protocol_names_map_to_AirVPNs_generator_ids(string shortForm, string id)
    {
        AirVpnGenerator.ProtocolId(shortForm).Should().Be(id);
    }

    [Fact]
    public void Ddns_names_keep_only_the_part_before_airdns_org()
    {
        AirVpnAccountPages.DdnsPrefix("myhost.airdns.org").Should().Be("myhost");
        AirVpnAccountPages.DdnsPrefix("myhost").Should().Be("myhost");
    }
}
