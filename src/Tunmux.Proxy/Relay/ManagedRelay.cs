using System.Buffers;
using System.Net.Sockets;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// Portable relay. Each direction waits with a zero-byte receive and only then rents a buffer,
/// keeps it while data keeps coming, and returns it when the stream goes quiet, so idle
/// connections hold no buffers. The next read starts only after the previous send finished:
/// a slow reader slows the writer (backpressure) instead of growing memory.
/// </summary>
internal sealed class ManagedRelay(int bufferBytes) : IRelay
{
    public string Name => "managed";

    public Task<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken) =>
        RelayRunner.RunAsync(client, target, idleTimeout, cancellationToken, PumpAsync);

    internal async Task PumpAsync(Socket from, Socket to, Action<long> moved, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        while (true)
        {
            await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
            try
            {
                int received;
                do
                {
                    received = await from.ReceiveAsync(buffer.AsMemory(0, bufferBytes), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (received == 0)
                    {
                        to.TryShutdownSend();
                        return;
                    }

                    watchdog.Touch();
                    await to.SendAllAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
                    watchdog.Touch();
                    moved(received);
                }
                while (received == bufferBytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
