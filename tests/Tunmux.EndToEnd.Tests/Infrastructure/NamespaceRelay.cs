using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Tunmux.Linux.Netns;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Makes a TCP service that this test process runs on its own loopback (a provider test server)
/// reachable from inside a sandbox, at the same address and port, so URLs and Host headers stay
/// the same on both sides. The listening socket is created inside the sandbox (a socket keeps the
/// namespace it was made in, see <see cref="NamespaceSocketBinder"/>); each connection it accepts
/// is piped to the service. Nothing is added to the root namespace.
/// </summary>
public sealed class NamespaceRelay : IAsyncDisposable
{
    private const int Backlog = 64;

    private readonly Socket _listener;
    private readonly IPEndPoint _service;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _pipes = new();
    private readonly Task _accepting;
    private int _connections;

    private NamespaceRelay(Socket listener, IPEndPoint service)
    {
        _listener = listener;
        _service = service;
        _accepting = AcceptAsync();
    }

    /// <summary>Connections relayed so far: proof that the sandbox side really came through here.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <param name="service">An http://127.0.0.1:PORT/ address of a server in this process.</param>
    public static NamespaceRelay Start(Sandbox sandbox, Uri service)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(service);
        var endpoint = new IPEndPoint(IPAddress.Parse(service.Host), service.Port);
        var listener = NamespaceSocketBinder.BindTcpListeners(Path.Combine("/run/netns", sandbox.Name), [endpoint], Backlog).Single();
        return new NamespaceRelay(listener, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await Quietly(_accepting);
        await Task.WhenAll(_pipes.Keys);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            var pipe = Quietly(PipeAsync(client));
            _pipes.TryAdd(pipe, 0);
            _ = pipe.ContinueWith(done => _pipes.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(_service.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            await upstream.ConnectAsync(_service, _stop.Token);
            Task[] directions = [CopyAsync(client, upstream), CopyAsync(upstream, client)];
            if ((await Task.WhenAny(directions)).IsFaulted)
            {
                // A reset on one side ends the other at once instead of leaving it waiting.
                client.Dispose();
                upstream.Dispose();
            }

            await Task.WhenAll(directions.Select(Quietly));
        }
    }

    /// <summary>Copies until the sender finishes, then passes the half-close on.</summary>
    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }

        to.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Connections ending (reset, closed, relay stopping) are normal for a relay.</summary>
    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
