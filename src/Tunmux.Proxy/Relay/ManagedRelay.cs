using System.Net.Sockets;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// Portable relay: each direction copies through a pooled buffer of the configured size, rented
/// only while data is moving (a quiet tunnel holds none). The next read starts only after the
/// previous bytes were sent: a slow reader slows the writer (backpressure) instead of growing memory.
/// </summary>
internal sealed class ManagedRelay(int bufferBytes) : IRelay, IDisposable
{
    private readonly TunnelSweeper _sweeper = new();
    private readonly TunnelTransfer _transfer = new(null, bufferBytes, new SpliceCounters());

    public string Name => "managed";

    public ValueTask<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        client.Blocking = false;
        target.Blocking = false;
        return new Tunnel(client, target, _transfer, _sweeper, idleTimeout, cancellationToken).RunAsync();
    }

    public void Dispose() => _sweeper.Dispose();
}
