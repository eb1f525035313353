using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Echoes every byte; when the client half-closes, finishes echoing and half-closes too.</summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentQueue<IPEndPoint> _peers = new();

    public TcpEchoServer(IPAddress? address = null)
    {
        _listener = ProxyHarness.Listen(new IPEndPoint(address ?? IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>The remote endpoints that connected (the proxy's outbound sockets).</summary>
    public IReadOnlyList<IPEndPoint> Peers => [.. _peers];

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                _peers.Enqueue((IPEndPoint)client.RemoteEndPoint!);
                _connections.Add(EchoAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using var _ = client;
        try
        {
            while (true)
            {
                // Wait without a buffer and size it to what arrived: a socket keeps a reference to the last buffer
                // it used, and idle echo connections must not blur memory measurements of the proxy.
                await client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _stop.Token);
                var buffer = new byte[Math.Clamp(client.Available, 1, 64 * 1024)];
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
