using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Udp;

/// <summary>UDP ASSOCIATE carrying what it is mostly used for: DNS, to a real DNS server (dnsmasq).</summary>
public sealed class UdpDnsTests
{
    private static readonly IPAddress ZoneAddress = IPAddress.Parse("127.0.0.42");

    [Fact]
    public async Task A_dns_query_through_udp_associate_is_answered_by_a_real_dns_server()
    {
        await using var dns = await DnsmasqServer.StartAsync("tunmux.test", ZoneAddress);
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        var (code, relay) = await SocksBytes.NegotiateAsync(control, SocksBytes.Request(SocksBytes.UdpAssociate, new IPEndPoint(IPAddress.Any, 0)));
        code.Should().Be(0x00);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var query = DnsMessage.QueryA(0x7A11, "www.tunmux.test");

        await udp.SendToAsync(Wrap(dns.EndPoint, query), relay);
        var (source, reply) = await ReceiveWrappedAsync(udp);

        source.Should().Be(dns.EndPoint, "the reply is labelled with the DNS server it came from");
        var answer = DnsMessage.Read(reply);
        answer.Id.Should().Be(0x7A11);
        answer.IsResponse.Should().BeTrue();
        answer.ResponseCode.Should().Be(0, "NOERROR");
        answer.Addresses.Should().Equal(ZoneAddress);

        control.Dispose();
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the association is logged");
        var entry = proxy.AccessLog.Entries[0];
        entry.Protocol.Should().Be("socks5-udp");
        entry.BytesUp.Should().Be(query.Length, "the proxy counts the DNS payload, not the SOCKS header");
        entry.BytesDown.Should().Be(reply.Length);
    }

    private static byte[] Wrap(IPEndPoint target, byte[] payload) =>
        [0, 0, 0, 1, .. target.Address.GetAddressBytes(), (byte)(target.Port >> 8), (byte)target.Port, .. payload];

    private static async Task<(IPEndPoint Source, byte[] Payload)> ReceiveWrappedAsync(Socket udp)
    {
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(Wait.Default);
        var received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var datagram = buffer.AsSpan(0, received.ReceivedBytes);
        datagram[3].Should().Be(1, "an IPv4 source");
        var source = new IPEndPoint(new IPAddress(datagram.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(8, 2)));
        return (source, datagram[10..].ToArray());
    }
}
