using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>
/// A proxy engine on ephemeral loopback ports: SOCKS (TCP + UDP on the same port) and HTTP on
/// 127.0.0.1, and when asked the same on ::1. Disposing stops it and waits for RunAsync to return.
/// </summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _cut = new();

    private ProxyHarness(ProxyServer server, ProxyListeners listeners, CollectingAccessLog log)
    {
        Server = server;
        AccessLog = log;
        SocksEndPoint = (IPEndPoint)listeners.SocksTcp[0].LocalEndPoint!;
        HttpEndPoint = (IPEndPoint)listeners.HttpTcp[0].LocalEndPoint!;
        if (listeners.SocksTcp.Count > 1)
        {
            SocksEndPointV6 = (IPEndPoint)listeners.SocksTcp[1].LocalEndPoint!;
        }

        Run = server.RunAsync(listeners, _stop.Token, _cut.Token);
    }

    public ProxyServer Server { get; }

    public CollectingAccessLog AccessLog { get; }

    public IPEndPoint SocksEndPoint { get; }

    public IPEndPoint? SocksEndPointV6 { get; }

    public IPEndPoint HttpEndPoint { get; }

    public int SocksPort => SocksEndPoint.Port;

    public int HttpPort => HttpEndPoint.Port;

    public Task Run { get; }

    public static ProxyHarness Start(ProxyServerOptions? options = null, IOutboundConnector? connector = null, bool ipv6 = false)
    {
        var log = new CollectingAccessLog();
        options ??= new ProxyServerOptions();
        if (options.AccessLogSink is null)
        {
            options = options with { AccessLogEnabled = true, AccessLogSink = log };
        }

        var socksTcp = new List<Socket>();
        var socksUdp = new List<Socket>();
        var (tcp, udp) = BindSocksPair(IPAddress.Loopback);
        socksTcp.Add(tcp);
        socksUdp.Add(udp);
        if (ipv6)
        {
            var (tcp6, udp6) = BindSocksPair(IPAddress.IPv6Loopback);
            socksTcp.Add(tcp6);
            socksUdp.Add(udp6);
        }

        var http = Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var listeners = new ProxyListeners(socksTcp, socksUdp, [http]);
        return new ProxyHarness(new ProxyServer(options, null, connector), listeners, log);
    }

    /// <summary>Begins the stop without waiting (for drain tests).</summary>
    public void RequestStop() => _stop.Cancel();

    /// <summary>Stops now: open connections are cut instead of drained (the worker's SIGINT).</summary>
    public void RequestCut()
    {
        _cut.Cancel();
        _stop.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Run.WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
        _cut.Dispose();
    }

    public static Socket Listen(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(endpoint);
        socket.Listen(512);
        return socket;
    }

    /// <summary>A TCP listener and a UDP socket on the same address and port, like the worker creates.</summary>
    private static (Socket Tcp, Socket Udp) BindSocksPair(IPAddress address)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tcp = Listen(new IPEndPoint(address, 0));
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(address, ((IPEndPoint)tcp.LocalEndPoint!).Port));
                return (tcp, udp);
            }
            catch (SocketException) when (attempt < 20)
            {
                tcp.Dispose();
                udp.Dispose();
            }
        }
    }
}
