using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkRequestTests
{
    private const ushort RequestAndDump = 0x1 | 0x100 | 0x200; // NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH

    private static (uint Length, ushort Type, ushort Flags, uint Sequence) Header(byte[] message) => (
        MemoryMarshal.Read<uint>(message),
        MemoryMarshal.Read<ushort>(message.AsSpan(4)),
        MemoryMarshal.Read<ushort>(message.AsSpan(6)),
        MemoryMarshal.Read<uint>(message.AsSpan(8)));

    [Fact]
    public void A_link_dump_is_RTM_GETLINK_with_an_empty_ifinfomsg()
    {
        var request = NetlinkRequest.Links(12);

        Header(request).Should().Be((32u, (ushort)18, RequestAndDump, 12u));
        request.AsSpan(16).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void A_route_dump_is_RTM_GETROUTE_with_the_family_in_rtmsg()
    {
        var request = NetlinkRequest.Routes(13, 2);

        Header(request).Should().Be((28u, (ushort)26, RequestAndDump, 13u));
        request[16].Should().Be(2, "rtm_family AF_INET");
        request.AsSpan(17).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void A_listening_socket_dump_asks_sock_diag_for_TCP_in_LISTEN_only()
    {
        var request = NetlinkRequest.ListeningTcp(14, 10);

        Header(request).Should().Be((72u, (ushort)20, RequestAndDump, 14u));
        request[16].Should().Be(10, "sdiag_family AF_INET6");
        request[17].Should().Be(6, "sdiag_protocol IPPROTO_TCP");
        BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(20)).Should().Be(1u << 10, "idiag_states: TCP_LISTEN only");
    }
}
