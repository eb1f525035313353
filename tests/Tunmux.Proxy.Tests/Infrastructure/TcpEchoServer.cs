using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Echoes every byte; when the client half-closes, finishes echoing and half-closes too.</summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly AcceptLoop _loop;
    private readonly ConcurrentQueue<IPEndPoint> _peers = new();

    public TcpEchoServer(IPAddress? address = null)
    {
        _loop = new AcceptLoop(new IPEndPoint(address ?? IPAddress.Loopback, 0), EchoAsync);
    }

    public IPEndPoint EndPoint => _loop.EndPoint;

    public int Port => EndPoint.Port;

    /// <summary>The remote endpoints that connected (the proxy's outbound sockets).</summary>
    public IReadOnlyList<IPEndPoint> Peers => [.. _peers];

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task EchoAsync(Socket client, int connection, CancellationToken cancellationToken)
    {
        using var _ = client;
        _peers.Enqueue((IPEndPoint)client.RemoteEndPoint!);
        try
        {
            while (true)
            {
                // Wait without a buffer and size it to what arrived: a socket keeps a reference to the last buffer
                // it used, and idle echo connections must not blur memory measurements of the proxy.
                await client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                var buffer = new byte[Math.Clamp(client.Available, 1, 64 * 1024)];
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
