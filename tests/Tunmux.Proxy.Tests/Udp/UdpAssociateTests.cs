using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Udp;

public sealed class UdpAssociateTests
{
    [Fact]
    public async Task A_datagram_goes_out_and_the_reply_comes_back_wrapped_in_the_socks_header()
    {
        await using var echo = new UdpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        var relay = await AssociateAsync(control, new IPEndPoint(IPAddress.Any, 0));
        using var udp = NewUdp();

        await udp.SendToAsync(Wrap(echo.EndPoint, "hello"), relay);
        var (source, payload) = await ReceiveWrappedAsync(udp);

        relay.Should().Be(new IPEndPoint(IPAddress.Loopback, proxy.SocksPort), "the relay shares the SOCKS listener's address and port");
        source.Should().Be(echo.EndPoint);
        payload.Should().Be("echo:hello");
    }

    [Fact]
    public async Task IPv6_and_domain_targets_work_on_the_same_association()
    {
        await using var echo4 = new UdpEchoServer();
        await using var echo6 = new UdpEchoServer(IPAddress.IPv6Loopback);
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        var relay = await AssociateAsync(control, new IPEndPoint(IPAddress.Any, 0));
        using var udp = NewUdp();

        await udp.SendToAsync(Wrap(echo6.EndPoint, "six"), relay);
        var fromSix = await ReceiveWrappedAsync(udp);
        await udp.SendToAsync(WrapDomain("localhost", echo4.EndPoint.Port, "named"), relay);
        var fromName = await ReceiveWrappedAsync(udp);

        fromSix.Source.Should().Be(echo6.EndPoint);
        fromSix.Payload.Should().Be("echo:six");
        fromName.Source.Should().Be(echo4.EndPoint);
        fromName.Payload.Should().Be("echo:named");
    }

    [Fact]
    public async Task Fragments_are_dropped()
    {
        await using var echo = new UdpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        var relay = await AssociateAsync(control, new IPEndPoint(IPAddress.Any, 0));
        using var udp = NewUdp();
        var fragment = Wrap(echo.EndPoint, "fragment");
        fragment[2] = 0x01;

        await udp.SendToAsync(fragment, relay);
        await udp.SendToAsync(Wrap(echo.EndPoint, "whole"), relay);

        (await ReceiveWrappedAsync(udp)).Payload.Should().Be("echo:whole", "the fragment never reached the target");
        echo.Received.Should().Be(1);
    }

    [Fact]
    public async Task Only_the_client_that_opened_the_association_may_use_it()
    {
        await using var echo = new UdpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        using var owner = NewUdp();
        using var stranger = NewUdp();
        var relay = await AssociateAsync(control, (IPEndPoint)owner.LocalEndPoint!);

        await stranger.SendToAsync(Wrap(echo.EndPoint, "sneaky"), relay);
        await owner.SendToAsync(Wrap(echo.EndPoint, "mine"), relay);

        (await ReceiveWrappedAsync(owner)).Payload.Should().Be("echo:mine");
        echo.Received.Should().Be(1, "the stranger's datagram came from another port than the one declared");
        stranger.Available.Should().Be(0);
    }

    [Fact]
    public async Task A_client_that_declared_no_port_is_pinned_to_its_first_datagram()
    {
        await using var echo = new UdpEchoServer();
        await using var proxy = ProxyHarness.Start();
        using var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        using var first = NewUdp();
        using var second = NewUdp();
        var relay = await AssociateAsync(control, new IPEndPoint(IPAddress.Any, 0));

        await first.SendToAsync(Wrap(echo.EndPoint, "one"), relay);
        (await ReceiveWrappedAsync(first)).Payload.Should().Be("echo:one");
        await second.SendToAsync(Wrap(echo.EndPoint, "two"), relay);
        await first.SendToAsync(Wrap(echo.EndPoint, "three"), relay);

        (await ReceiveWrappedAsync(first)).Payload.Should().Be("echo:three");
        echo.Received.Should().Be(2);
    }

    [Fact]
    public async Task Closing_the_control_connection_ends_the_association()
    {
        await using var echo = new UdpEchoServer();
        await using var proxy = ProxyHarness.Start();
        var control = await RawClient.ConnectAsync(proxy.SocksEndPoint);
        using var udp = NewUdp();
        var relay = await AssociateAsync(control, new IPEndPoint(IPAddress.Any, 0));
        await udp.SendToAsync(Wrap(echo.EndPoint, "while open"), relay);
        (await ReceiveWrappedAsync(udp)).Payload.Should().Be("echo:while open");
        proxy.Server.UdpAssociations.Should().Be(1);

        control.Dispose();

        await Wait.UntilAsync(() => proxy.Server.UdpAssociations == 0, "the association is removed");
        await Wait.UntilAsync(() => proxy.AccessLog.Entries.Count == 1, "the association is logged");
        var entry = proxy.AccessLog.Entries[0];
        entry.Protocol.Should().Be("socks5-udp");
        entry.BytesUp.Should().Be("while open".Length);
        entry.BytesDown.Should().Be("echo:while open".Length);
    }

    [Fact]
    public async Task Without_a_udp_socket_for_the_listener_the_command_is_not_supported()
    {
        using var tcp = ProxyHarness.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = (IPEndPoint)tcp.LocalEndPoint!;
        using var stop = new CancellationTokenSource();
        var run = new ProxyServer(new ProxyServerOptions()).RunAsync(new ProxyListeners([tcp], [], []), stop.Token);
        using (var control = await RawClient.ConnectAsync(endpoint))
        {
            var (code, _) = await SocksBytes.NegotiateAsync(control, SocksBytes.Request(SocksBytes.UdpAssociate, new IPEndPoint(IPAddress.Any, 0)));
            code.Should().Be(0x07);
        }

        await stop.CancelAsync();
        await run.Within();
    }

    private static Socket NewUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<IPEndPoint> AssociateAsync(RawClient control, IPEndPoint declared)
    {
        var (code, bound) = await SocksBytes.NegotiateAsync(control, SocksBytes.Request(SocksBytes.UdpAssociate, declared));
        code.Should().Be(0x00);
        return bound;
    }

    private static byte[] Wrap(IPEndPoint target, string payload)
    {
        var address = target.Address.GetAddressBytes();
        return [0, 0, 0, address.Length == 4 ? (byte)1 : (byte)4, .. address, (byte)(target.Port >> 8), (byte)target.Port, .. Encoding.UTF8.GetBytes(payload)];
    }

    private static byte[] WrapDomain(string host, int port, string payload) =>
        [0, 0, 0, 3, (byte)host.Length, .. Encoding.ASCII.GetBytes(host), (byte)(port >> 8), (byte)port, .. Encoding.UTF8.GetBytes(payload)];

    private static async Task<(IPEndPoint Source, string Payload)> ReceiveWrappedAsync(Socket udp)
    {
        var buffer = new byte[70000];
        using var cts = new CancellationTokenSource(Wait.Default);
        var result = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        var datagram = buffer.AsSpan(0, result.ReceivedBytes);
        datagram[..3].ToArray().Should().Equal(0, 0, 0);
        var length = datagram[3] == 1 ? 4 : 16;
        var source = new IPEndPoint(new IPAddress(datagram.Slice(4, length)), BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(4 + length, 2)));
        return (source, Encoding.UTF8.GetString(datagram[(6 + length)..]));
    }
}
