using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class ListeningTcpPortsTests
{
    private const byte Listen = 10;
    private const byte Established = 1;

    [Fact]
    public void The_local_port_of_a_listening_socket_is_read_in_network_byte_order()
    {
        ListeningTcpPorts.ListeningPort(InetDiag(2, Listen, 1080)).Should().Be(1080);
        ListeningTcpPorts.ListeningPort(InetDiag(10, Listen, 0x1f90)).Should().Be(8080);
    }

    [Fact]
    public void A_socket_in_another_state_or_a_short_reply_gives_no_port()
    {
        ListeningTcpPorts.ListeningPort(InetDiag(2, Established, 1080)).Should().BeNull();
        ListeningTcpPorts.ListeningPort(new byte[5]).Should().BeNull();
    }
}
