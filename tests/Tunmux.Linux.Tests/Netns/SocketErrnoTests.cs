using System.Net.Sockets;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Tests.Netns;

public sealed class SocketErrnoTests
{
    [Theory]
    [InlineData(98, SocketError.AddressAlreadyInUse)]
    [InlineData(99, SocketError.AddressNotAvailable)]
    [InlineData(13, SocketError.AccessDenied)]
    [InlineData(97, SocketError.AddressFamilyNotSupported)]
    public void The_errors_a_bind_reports_in_plain_words_keep_their_meaning(int errno, SocketError expected)
    {
        SocketErrno.ToSocketError(errno).Should().Be(expected);
        new ListenerBindException(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1080), ProtocolType.Tcp, SocketErrno.ToSocketError(errno))
            .Message.Should().NotEndWith(SocketError.SocketError.ToString(), "each of these has its own sentence");
    }

    [Fact]
    public void An_errno_with_no_socket_meaning_is_a_generic_socket_error()
    {
        SocketErrno.ToSocketError(5).Should().Be(SocketError.SocketError);
    }
}
