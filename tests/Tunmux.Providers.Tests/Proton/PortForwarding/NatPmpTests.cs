using System.Net;
using Tunmux.Providers.Proton.PortForwarding;

namespace Tunmux.Providers.Tests.Proton.PortForwarding;

// Reference: RFC 6886 sections 3.2 (external address) and 3.3 (mapping) packet layouts.
public sealed class NatPmpTests
{
    [Fact]
    public void A_UDP_mapping_request_is_twelve_big_endian_bytes()
    {
        var packet = NatPmp.EncodeMappingRequest(NatPmpProtocol.Udp, internalPort: 1, suggestedExternalPort: 0, lifetimeSeconds: 60);

        packet.Should().Equal(0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 60);
    }

    [Fact]
    public void A_TCP_mapping_request_carries_opcode_2_and_all_fields()
    {
        var packet = NatPmp.EncodeMappingRequest(NatPmpProtocol.Tcp, internalPort: 0x1234, suggestedExternalPort: 0xABCD, lifetimeSeconds: 0x01020304);

        packet.Should().Equal(0, 2, 0, 0, 0x12, 0x34, 0xAB, 0xCD, 1, 2, 3, 4);
    }

    [Fact]
    public void A_mapping_reply_has_opcode_plus_128_and_is_decoded()
    {
        byte[] reply = [0, 129, 0, 0, 0, 0, 0x0E, 0x10, 0, 1, 0xD4, 0x31, 0, 0, 0, 60];

        var response = NatPmp.DecodeMappingResponse(reply, NatPmpProtocol.Udp);

        response.Should().Be(new NatPmpMappingResponse(NatPmpProtocol.Udp, NatPmpResultCode.Success, 3600, 1, 54321, 60));
        response.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void A_reply_for_the_other_protocol_is_rejected()
    {
        byte[] reply = [0, 130, 0, 0, 0, 0, 0, 1, 0, 1, 0, 2, 0, 0, 0, 60];

        var act = () => NatPmp.DecodeMappingResponse(reply, NatPmpProtocol.Udp);

        act.Should().Throw<FormatException>().WithMessage("*opcode 129*");
    }

    [Fact]
    public void A_short_error_reply_reports_its_result_code()
    {
        byte[] reply = [0, 130, 0, 2, 0, 0, 0, 9];

        var response = NatPmp.DecodeMappingResponse(reply, NatPmpProtocol.Tcp);

        response.Result.Should().Be(NatPmpResultCode.NotAuthorized);
        response.IsSuccess.Should().BeFalse();
        response.SecondsSinceEpoch.Should().Be(9);
    }

    [Fact]
    public void A_truncated_success_reply_is_rejected()
    {
        byte[] reply = [0, 129, 0, 0, 0, 0, 0, 1, 0, 1];

        var act = () => NatPmp.DecodeMappingResponse(reply, NatPmpProtocol.Udp);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void The_external_address_exchange_is_encoded_and_decoded()
    {
        NatPmp.EncodeExternalAddressRequest().Should().Equal(0, 0);

        var response = NatPmp.DecodeExternalAddressResponse([0, 128, 0, 0, 0, 0, 0, 5, 198, 51, 100, 7]);

        response.ExternalAddress.Should().Be(IPAddress.Parse("198.51.100.7"));
        response.SecondsSinceEpoch.Should().Be(5);
        response.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void A_reply_with_another_version_is_rejected()
    {
        var act = () => NatPmp.DecodeExternalAddressResponse([1, 128, 0, 0, 0, 0, 0, 5, 198, 51, 100, 7]);

        act.Should().Throw<FormatException>().WithMessage("*version*");
    }
}
