using System.Net;
using Tunmux.Proxy.Socks;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Units;

public sealed class Socks5MessagesTests
{
    [Fact]
    public void A_greeting_and_a_request_in_one_buffer_are_read_one_after_the_other()
    {
        byte[] received = [.. SocksBytes.Greeting(0x00, 0x02), .. SocksBytes.Request(SocksBytes.Connect, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 443)), 0xAA];

        Socks5Messages.ParseGreeting(received, 0x02, out var offered, out var greeting).Should().Be(Socks5ParseStatus.Complete);
        offered.Should().BeTrue();
        greeting.Should().Be(4);
        Socks5Messages.ParseRequest(received.AsSpan(greeting), out var command, out var target, out var request).Should().Be(Socks5ParseStatus.Complete);
        command.Should().Be(SocksBytes.Connect);
        target!.ToString().Should().Be("10.1.2.3:443");
        request.Should().Be(10);
        received.Length.Should().Be(greeting + request + 1, "the byte after the request is left for the tunnel");
    }

    [Fact]
    public void Every_prefix_of_a_message_needs_more_and_the_whole_message_completes()
    {
        byte[] greeting = SocksBytes.Greeting(0x00, 0x01, 0x02);
        byte[] login = SocksBytes.UserPass("user", "pw");
        byte[] v4 = SocksBytes.Request(SocksBytes.Connect, new IPEndPoint(IPAddress.Loopback, 80));
        byte[] v6 = SocksBytes.Request(SocksBytes.UdpAssociate, new IPEndPoint(IPAddress.IPv6Loopback, 53));
        byte[] named = SocksBytes.RequestDomain(SocksBytes.Connect, "example.org", 8080);

        AssertPrefixes(greeting, data => Socks5Messages.ParseGreeting(data, 0x00, out _, out var n) == Socks5ParseStatus.Complete ? n : -1);
        AssertPrefixes(login, data => Socks5Messages.ParseUserPassword(data, out _, out _, out var n) == Socks5ParseStatus.Complete ? n : -1);
        foreach (var request in new[] { v4, v6, named })
        {
            AssertPrefixes(request, data => Socks5Messages.ParseRequest(data, out _, out _, out var n) == Socks5ParseStatus.Complete ? n : -1);
        }
    }

    [Fact]
    public void A_greeting_without_the_wanted_method_is_complete_but_not_offered()
    {
        Socks5Messages.ParseGreeting(SocksBytes.Greeting(0x00), 0x02, out var offered, out var length).Should().Be(Socks5ParseStatus.Complete);
        offered.Should().BeFalse();
        length.Should().Be(3);
        Socks5Messages.ParseGreeting([0x05, 0x00], 0x00, out offered, out length).Should().Be(Socks5ParseStatus.Complete);
        offered.Should().BeFalse("no methods at all");
    }

    [Fact]
    public void Login_fields_come_back_as_ranges_of_the_message()
    {
        byte[] login = SocksBytes.UserPass("alice", "pa55");

        Socks5Messages.ParseUserPassword(login, out var user, out var password, out _).Should().Be(Socks5ParseStatus.Complete);

        login[user].Should().Equal("alice"u8.ToArray());
        login[password].Should().Equal("pa55"u8.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x04, 0x01, 0x00, 0x01 }, "BadVersion")]
    [InlineData(new byte[] { 0x05, 0x01, 0x00, 0x09, 1, 2 }, "UnsupportedAddressType")]
    [InlineData(new byte[] { 0x05, 0x01, 0x00, 0x03, 3, (byte)'a', (byte)' ', (byte)'b', 0, 80 }, "BadHost")]
    [InlineData(new byte[] { 0x05, 0x01, 0x00, 0x03, 0, 0, 80 }, "BadHost")]
    public void Requests_that_cannot_be_served_say_why(byte[] request, string status) =>
        Socks5Messages.ParseRequest(request, out _, out _, out _).ToString().Should().Be(status);

    [Fact]
    public void A_login_with_the_wrong_version_is_refused_at_its_first_byte() =>
        Socks5Messages.ParseUserPassword([0x05], out _, out _, out _).Should().Be(Socks5ParseStatus.BadVersion);

    private static void AssertPrefixes(byte[] message, Func<byte[], int> completeLength)
    {
        for (var length = 0; length < message.Length; length++)
        {
            completeLength(message[..length]).Should().Be(-1, $"{length} of {message.Length} bytes is not a whole message");
        }

        completeLength(message).Should().Be(message.Length);
    }
}
