using System.Buffers;
using System.IO.Pipelines;

namespace Tunmux.Daemon.Control;

/// <summary>What one <see cref="LineReader.ReadLineAsync"/> produced.</summary>
internal enum LineStatus
{
    Line,
    EndOfStream,
    TooLong,
}

internal readonly record struct LineResult(LineStatus Status, byte[]? Line = null);

/// <summary>
/// Splits a byte stream into newline-terminated lines, refusing any line longer than a limit
/// before buffering more than that. A trailing "\r" is dropped; a last line without a newline
/// before end of stream still counts.
/// </summary>
internal sealed class LineReader(PipeReader reader, int maxLineBytes)
{
    private long _scanned;

    public async ValueTask<LineResult> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;

            // Only look at bytes not searched before, so a long line arriving in chunks costs O(n).
            if (buffer.Slice(_scanned).PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                _scanned = 0;
                if (line.Length > maxLineBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return new LineResult(LineStatus.TooLong);
                }

                var bytes = TrimCarriageReturn(line.ToArray());
                reader.AdvanceTo(buffer.GetPosition(1, newline));
                return new LineResult(LineStatus.Line, bytes);
            }

            _scanned = buffer.Length;
            if (buffer.Length > maxLineBytes)
            {
                _scanned = 0;
                reader.AdvanceTo(buffer.End);
                return new LineResult(LineStatus.TooLong);
            }

            if (result.IsCompleted)
            {
                _scanned = 0;
                var rest = buffer.IsEmpty ? null : TrimCarriageReturn(buffer.ToArray());
                reader.AdvanceTo(buffer.End);
                return rest is null ? new LineResult(LineStatus.EndOfStream) : new LineResult(LineStatus.Line, rest);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static byte[] TrimCarriageReturn(byte[] line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
