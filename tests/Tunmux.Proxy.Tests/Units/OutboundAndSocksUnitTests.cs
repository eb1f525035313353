using System.Net;
using System.Net.Sockets;
using Tunmux.Proxy.Outbound;
using Tunmux.Proxy.Socks;
using Tunmux.Proxy.Socks.Udp;

namespace Tunmux.Proxy.Tests.Units;

public sealed class OutboundAndSocksUnitTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused, 0x05)]
    [InlineData(SocketError.NetworkUnreachable, 0x03)]
    [InlineData(SocketError.NetworkDown, 0x03)]
    [InlineData(SocketError.HostUnreachable, 0x04)]
    [InlineData(SocketError.HostDown, 0x04)]
    [InlineData(SocketError.HostNotFound, 0x04)]
    [InlineData(SocketError.TryAgain, 0x04)]
    [InlineData(SocketError.TimedOut, 0x06)]
    [InlineData(SocketError.AccessDenied, 0x02)]
    [InlineData(SocketError.ConnectionReset, 0x01)]
    public void Socket_errors_map_to_socks5_reply_codes(SocketError error, byte code) =>
        Socks5Reply.FromFailure(OutboundFailures.FromSocketError(error)).Should().Be(code);

    [Fact]
    public void IPv4_addresses_come_first_in_resolver_order_without_duplicates()
    {
        var ordered = AddressOrdering.PreferIPv4([
            IPAddress.Parse("2001:db8::1"), IPAddress.Parse("10.0.0.2"), IPAddress.Parse("::ffff:10.0.0.1"),
            IPAddress.Parse("10.0.0.2"), IPAddress.Parse("2001:db8::2")]);

        ordered.Select(a => a.ToString()).Should().Equal("10.0.0.2", "10.0.0.1", "2001:db8::1", "2001:db8::2");
    }

    [Theory]
    [InlineData("example.com", 80, "example.com:80", false)]
    [InlineData("127.0.0.1", 8080, "127.0.0.1:8080", true)]
    [InlineData("[::1]", 443, "[::1]:443", true)]
    [InlineData("::1", 443, "[::1]:443", true)]
    [InlineData("1", 80, "1:80", false)]
    [InlineData("1.2.3", 80, "1.2.3:80", false)]
    [InlineData("0x7f.1", 80, "0x7f.1:80", false)]
    [InlineData("10.0.0.1", 80, "10.0.0.1:80", true)]
    [InlineData("1.2.3.4444", 80, "1.2.3.4444:80", false)]
    public void Host_targets_that_are_address_literals_skip_resolution(string host, int port, string text, bool isAddress)
    {
        var target = ProxyTarget.ForHost(host, port);

        target.ToString().Should().Be(text);
        (target.Address is not null).Should().Be(isAddress);
    }

    [Fact]
    public void A_success_reply_encodes_an_IPv4_mapped_address_as_IPv4()
    {
        var reply = Socks5Reply.Build(Socks5Reply.Succeeded, new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 0x1234));

        reply.Should().Equal(0x05, 0x00, 0x00, 0x01, 10, 1, 2, 3, 0x12, 0x34);
    }

    [Fact]
    public void A_failure_reply_carries_the_zero_address() =>
        Socks5Reply.Build(Socks5Reply.ConnectionRefused).Should().Equal(0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0);

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 10, 0, 0, 1, 0, 53, 0xAA }, "Ok", 10)]
    [InlineData(new byte[] { 0, 0, 0, 3, 3, (byte)'a', (byte)'.', (byte)'b', 0, 53 }, "Ok", 10)]
    [InlineData(new byte[] { 0, 0, 1, 1, 10, 0, 0, 1, 0, 53 }, "Fragmented", 0)]
    [InlineData(new byte[] { 0, 0, 0, 9, 10, 0, 0, 1, 0, 53 }, "UnsupportedAddressType", 0)]
    [InlineData(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0 }, "Truncated", 0)]
    [InlineData(new byte[] { 0, 0, 0, 3, 9, (byte)'a' }, "Truncated", 0)]
    [InlineData(new byte[] { 0, 0, 0, 3, 1, (byte)' ', 0, 53 }, "BadHost", 0)]
    public void Udp_headers_are_parsed_strictly(byte[] datagram, string status, int headerLength)
    {
        SocksUdpHeader.TryParse(datagram, out _, out var length).ToString().Should().Be(status);
        length.Should().Be(headerLength);
    }

    [Fact]
    public void A_udp_reply_header_round_trips()
    {
        var buffer = new byte[64];
        var source = new IPEndPoint(IPAddress.IPv6Loopback, 5353);

        var length = SocksUdpHeader.Write(buffer, source);
        SocksUdpHeader.TryParse(buffer.AsSpan(0, length), out var target, out var parsed).Should().Be(UdpHeaderStatus.Ok);

        length.Should().Be(SocksUdpHeader.LengthFor(source)).And.Be(parsed);
        target!.Address.Should().Be(IPAddress.IPv6Loopback);
        target.Port.Should().Be(5353);
    }
}
