using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Sends every datagram back to its sender, prefixed with "echo:".</summary>
internal sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoServer(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = LoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    private int _received;

    public int Received => Volatile.Read(ref _received);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[70000];
        var any = new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                Interlocked.Increment(ref _received);
                var reply = "echo:"u8.ToArray().Concat(buffer.Take(result.ReceivedBytes)).ToArray();
                await _socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
