using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Http;

/// <summary>
/// Copies one message body from a reader to a socket according to its framing, one pooled buffer
/// at a time (the next read waits for the previous send: backpressure). Returns the payload bytes.
/// </summary>
internal sealed class BodyForwarder(int bufferBytes, int maxLineBytes, IdleWatchdog watchdog)
{
    public async Task<long> CopyAsync(BufferedSocketReader from, Socket to, BodyFraming framing, bool dechunk, CancellationToken cancellationToken) =>
        framing.Kind switch
        {
            BodyKind.Length => await CopyLengthAsync(from, to, framing.Length, cancellationToken).ConfigureAwait(false),
            BodyKind.Chunked => await CopyChunkedAsync(from, to, dechunk, cancellationToken).ConfigureAwait(false),
            BodyKind.UntilClose => await CopyLengthAsync(from, to, long.MaxValue, cancellationToken).ConfigureAwait(false),
            _ => 0,
        };

    /// <summary>
    /// Exactly <paramref name="length"/> bytes; long.MaxValue means "until the stream ends". Like the
    /// relay, it waits for data before renting a buffer, so a slow or long-polling body holds none while quiet.
    /// </summary>
    private async Task<long> CopyLengthAsync(BufferedSocketReader from, Socket to, long length, CancellationToken cancellationToken)
    {
        var untilClose = length == long.MaxValue;
        long copied = 0;
        while (copied < length)
        {
            await from.WaitForDataAsync(cancellationToken).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
            try
            {
                int read;
                do
                {
                    var want = (int)Math.Min(bufferBytes, length - copied);
                    read = await from.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return untilClose ? copied : throw new EndOfStreamException("The body ended before its Content-Length.");
                    }

                    watchdog.Touch();
                    await to.SendAllAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    watchdog.Touch();
                    copied += read;
                }
                while (read == bufferBytes && copied < length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return copied;
    }

    /// <summary>
    /// Re-frames chunk by chunk (sizes rewritten, extensions dropped, trailers kept), or with
    /// <paramref name="dechunk"/> sends only the data, for HTTP/1.0 clients.
    /// </summary>
    private async Task<long> CopyChunkedAsync(BufferedSocketReader from, Socket to, bool dechunk, CancellationToken cancellationToken)
    {
        long copied = 0;
        while (true)
        {
            var sizeLine = await ReadLineAsync(from, cancellationToken).ConfigureAwait(false);
            var size = ParseChunkSize(sizeLine);
            if (size == 0)
            {
                var trailer = new StringBuilder("0\r\n");
                string line;
                while ((line = await ReadLineAsync(from, cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                    trailer.Append(line).Append("\r\n");
                }

                if (!dechunk)
                {
                    await to.SendAllAsync(Encoding.Latin1.GetBytes(trailer.Append("\r\n").ToString()), cancellationToken).ConfigureAwait(false);
                }

                return copied;
            }

            if (!dechunk)
            {
                await to.SendAllAsync(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken).ConfigureAwait(false);
            }

            copied += await CopyLengthAsync(from, to, size, cancellationToken).ConfigureAwait(false);
            if ((await ReadLineAsync(from, cancellationToken).ConfigureAwait(false)).Length != 0)
            {
                throw new InvalidDataException("A chunk was not followed by CRLF.");
            }

            if (!dechunk)
            {
                await to.SendAllAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ReadLineAsync(BufferedSocketReader from, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = from.Buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = from.Buffered[..newline];
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                var text = Encoding.Latin1.GetString(line);
                from.Consume(newline + 1);
                if (text.Any(c => c < 0x20 && c != '\t'))
                {
                    throw new InvalidDataException("Control characters in a chunk line.");
                }

                return text;
            }

            if (from.BufferedCount >= maxLineBytes)
            {
                throw new InvalidDataException("A chunk line is too long.");
            }

            if (!await from.FillAsync(maxLineBytes, cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("The chunked body ended early.");
            }

            watchdog.Touch();
        }
    }

    /// <summary>Hex size, optionally followed by ";extensions".</summary>
    private static long ParseChunkSize(string line)
    {
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var hex = (semicolon >= 0 ? line[..semicolon] : line).Trim(' ', '\t');
        if (hex.Length == 0 || hex.Length > 15 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new InvalidDataException("Bad chunk size.");
        }

        return long.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
