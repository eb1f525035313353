using System.Net;
using System.Net.Sockets;
using Tunmux.Lab.Whoami;

namespace Tunmux.Lab;

/// <summary>
/// The lab's "what is my IP" endpoint: a small HTTP/1.1 server that answers every request
/// with the address that reached it, and logs one line per request. It runs inside the lab's
/// internet namespace, started by the hidden command <c>tunmux lab whoami</c>.
/// </summary>
public static class WhoamiServer
{
    private const int MaxHead = 16 * 1024;
    private const long MaxBody = 1024 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(IPEndPoint listen, string logFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var listener = new TcpListener(listen);
        listener.Start(backlog: 512);
        try
        {
            await ServeAsync(listener, logFile, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Serves on a listener that is already started (tests use port 0); returns when cancelled.</summary>
    public static async Task ServeAsync(TcpListener listener, string logFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        using var log = new WhoamiLog(logFile);
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                connections.RemoveAll(task => task.IsCompleted);
                connections.Add(Task.Run(() => ServeConnectionAsync(client, log, cancellationToken), CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private static async Task ServeConnectionAsync(Socket client, WhoamiLog log, CancellationToken cancellationToken)
    {
        using var socket = client;
        var clientAddress = WhoamiResponse.ClientText(((IPEndPoint)socket.RemoteEndPoint!).Address);
        var buffer = new byte[MaxHead];
        var filled = 0;
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(IdleTimeout);

                var headEnd = IndexOfBlankLine(buffer.AsSpan(0, filled));
                while (headEnd < 0)
                {
                    if (filled == buffer.Length)
                    {
                        await socket.SendAsync(WhoamiResponse.Error(431, "Request Header Fields Too Large"), idle.Token).ConfigureAwait(false);
                        return;
                    }

                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), idle.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                    headEnd = IndexOfBlankLine(buffer.AsSpan(0, filled));
                }

                var head = HttpRequestHead.TryParse(buffer.AsSpan(0, headEnd));
                if (head is null || head.Chunked || head.ContentLength > MaxBody)
                {
                    await socket.SendAsync(WhoamiResponse.Error(400, "Bad Request"), idle.Token).ConfigureAwait(false);
                    return;
                }

                // Keep whatever followed the head (a body, a pipelined request) at the start of the buffer.
                var consumed = headEnd + 4;
                Array.Copy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                filled = await DiscardBodyAsync(socket, buffer, filled, head.ContentLength, idle.Token).ConfigureAwait(false);
                if (filled < 0)
                {
                    return;
                }

                log.Write(WhoamiResponse.LogLine(DateTimeOffset.UtcNow, clientAddress, head.Method, head.Target, head.Host));
                var response = WhoamiResponse.Ok(clientAddress, includeBody: head.Method != "HEAD", head.KeepAlive);
                await socket.SendAsync(response, idle.Token).ConfigureAwait(false);
                if (!head.KeepAlive)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Idle too long, or the server is stopping: just close.
        }
        catch (SocketException)
        {
            // The client went away.
        }
    }

    /// <summary>Drops a request body; returns how many bytes of the next request remain buffered, or -1 if the client left.</summary>
    private static async Task<int> DiscardBodyAsync(Socket socket, byte[] buffer, int filled, long length, CancellationToken cancellationToken)
    {
        var inBuffer = (int)Math.Min(length, filled);
        Array.Copy(buffer, inBuffer, buffer, 0, filled - inBuffer);
        filled -= inBuffer;
        var remaining = length - inBuffer;
        while (remaining > 0)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return -1;
            }

            remaining -= read;
        }

        return filled;
    }

    private static int IndexOfBlankLine(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
