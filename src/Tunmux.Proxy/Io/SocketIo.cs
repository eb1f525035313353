using System.Buffers;
using System.Net.Sockets;

namespace Tunmux.Proxy.Io;

internal static class SocketIo
{
    /// <summary>
    /// Sends everything. On a non-blocking socket it first sends what fits right away (nearly
    /// always all of it: proxy replies and heads are small), so only a full send buffer costs an
    /// async operation; that also spares the socket the cached state an async send keeps.
    /// </summary>
    public static ValueTask SendAllAsync(this Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (!socket.Blocking && !data.IsEmpty)
        {
            var sent = socket.Send(data.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                data = data[sent..];
            }
            else if (error != SocketError.WouldBlock)
            {
                return ValueTask.FromException(new SocketException((int)error));
            }
        }

        return data.IsEmpty ? ValueTask.CompletedTask : SendRemainingAsync(socket, data, cancellationToken);
    }

    private static async ValueTask SendRemainingAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>Half-close: tells the peer no more data is coming. Harmless if the socket is already gone.</summary>
    public static void TryShutdownSend(this Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Closes after a final response without losing it: a plain close with unread request bytes
    /// makes the kernel send RST, which can destroy the response before the client reads it.
    /// So: shut down sending, discard what the client still sends for a short while, then close.
    /// </summary>
    public static async Task LingeringCloseAsync(this Socket socket, TimeSpan limit)
    {
        socket.TryShutdownSend();
        using var timeout = new CancellationTokenSource(limit);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var discarded = 0;
            while (discarded < 256 * 1024)
            {
                var received = await socket.ReceiveAsync(scratch, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                discarded += received;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
