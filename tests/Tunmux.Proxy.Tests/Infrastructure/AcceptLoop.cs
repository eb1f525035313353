using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>
/// The listening half of a TCP test server: accepts every connection and serves it on its own task;
/// disposing stops accepting, cancels the connections' token and waits for them to end.
/// </summary>
internal sealed class AcceptLoop : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    /// <param name="serve">Serves one connection, given its number (counting from 1), until the token is cancelled; owns the socket.</param>
    public AcceptLoop(IPEndPoint endPoint, Func<Socket, int, CancellationToken, Task> serve)
    {
        _listener = ProxyHarness.Listen(endPoint);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = AcceptAsync(serve);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>How many connections were accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, int, CancellationToken, Task> serve)
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                _connections.Add(serve(socket, Interlocked.Increment(ref _accepted), _stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
