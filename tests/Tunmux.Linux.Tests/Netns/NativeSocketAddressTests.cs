using System.Net;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Tests.Netns;

public sealed class NativeSocketAddressTests
{
    [Fact]
    public void An_IPv4_endpoint_is_a_sockaddr_in_with_the_family_in_host_order_and_the_port_in_network_order()
    {
        var bytes = NativeSocketAddress.Encode(new IPEndPoint(IPAddress.Loopback, 1080));

        bytes.Should().Equal(
            [2, 0, 0x04, 0x38, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            "AF_INET is 2 (little-endian on this machine), 1080 is 0x0438, then 127.0.0.1 and eight bytes of padding");
    }

    [Theory]
    [InlineData("127.0.0.1", 0)]
    [InlineData("0.0.0.0", 8118)]
    [InlineData("::1", 1080)]
    [InlineData("fe80::1%3", 65535)]
    public void The_encoding_matches_the_one_dotnet_hands_to_the_kernel(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var dotnet = endPoint.Serialize();

        NativeSocketAddress.Encode(endPoint).Should().Equal(dotnet.Buffer.Span[..dotnet.Size].ToArray());
    }

    [Fact]
    public void An_IPv6_endpoint_carries_its_scope_id()
    {
        var bytes = NativeSocketAddress.Encode(new IPEndPoint(IPAddress.Parse("fe80::1%7"), 1));

        bytes.Should().HaveCount(28);
        BitConverter.ToUInt16(bytes, 0).Should().Be(10, "AF_INET6 is 10 on Linux");
        BitConverter.ToUInt32(bytes, 24).Should().Be(7);
    }
}
