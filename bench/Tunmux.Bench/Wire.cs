using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Bench;

/// <summary>An HTTP response head as far as the load tests need it.</summary>
/// <param name="Status">Status code.</param>
/// <param name="ContentLength">-1 when absent.</param>
/// <param name="ExtraBytes">Body bytes that arrived together with the head (they start at HeadLength in the buffer).</param>
/// <param name="FirstByteTimestamp">Stopwatch timestamp of the first byte.</param>
internal readonly record struct ResponseHead(int Status, long ContentLength, int HeadLength, int ExtraBytes, long FirstByteTimestamp);

/// <summary>Just enough HTTP/1.1 for a load client: GET out, head in, body counted.</summary>
internal static class Wire
{
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            data = data[await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
        }
    }

    public static async ValueTask ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                throw new EndOfStreamException("connection closed early");
            }

            buffer = buffer[received..];
        }
    }

    public static byte[] Get(string path, bool keepAlive) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: bench\r\nUser-Agent: tunmux-bench\r\n{(keepAlive ? "" : "Connection: close\r\n")}\r\n");

    public static async ValueTask<ResponseHead> ReadHeadAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        long firstByte = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                throw new InvalidDataException("response head too large");
            }

            var received = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                throw new EndOfStreamException("connection closed before the response head ended");
            }

            if (filled == 0)
            {
                firstByte = Stopwatch.GetTimestamp();
            }

            filled += received;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var headLength = end + 4;
                var (status, length) = ParseHead(Encoding.Latin1.GetString(buffer, 0, end));
                return new ResponseHead(status, length, headLength, filled - headLength, firstByte);
            }
        }
    }

    /// <summary>Reads a whole response with a Content-Length body, returning its head and the body size.</summary>
    public static async ValueTask<(ResponseHead Head, long BodyBytes)> ReadResponseAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
        if (head.ContentLength < 0)
        {
            throw new InvalidDataException("the benchmark origin always sends Content-Length");
        }

        long body = head.ExtraBytes;
        while (body < head.ContentLength)
        {
            var want = (int)Math.Min(buffer.Length, head.ContentLength - body);
            var received = await socket.ReceiveAsync(buffer.AsMemory(0, want), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                throw new EndOfStreamException($"body ended after {body} of {head.ContentLength} bytes");
            }

            body += received;
        }

        return (head, body);
    }

    private static (int Status, long ContentLength) ParseHead(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"not an HTTP response: {lines[0]}");
        }

        long length = -1;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line.AsSpan(colon + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (int.Parse(parts[1], CultureInfo.InvariantCulture), length);
    }
}
