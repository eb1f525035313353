using System.Text;

namespace Tunmux.Daemon.Metrics.Http;

internal enum RequestHeadStatus
{
    Complete,
    TooLarge,
    ClosedEarly,
}

/// <summary>Reads bytes up to the empty line that ends a request head, never more than a limit.</summary>
internal static class RequestHeadReader
{
    public static async Task<(RequestHeadStatus Status, string Head)> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (RequestHeadStatus.ClosedEarly, "");
            }

            // Search only where the new bytes could complete a terminator.
            var from = Math.Max(0, length - 3);
            length += read;
            var end = EndOfHead(buffer.AsSpan(from, length - from));
            if (end >= 0)
            {
                // Latin-1 keeps every byte as one char, so the parser can refuse non-ASCII itself.
                return (RequestHeadStatus.Complete, Encoding.Latin1.GetString(buffer, 0, from + end));
            }
        }

        return (RequestHeadStatus.TooLarge, "");
    }

    // Index just past the blank line ("\r\n\r\n", or "\n\n" from lenient clients), or -1.
    private static int EndOfHead(ReadOnlySpan<byte> bytes)
    {
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        var lf = bytes.IndexOf("\n\n"u8);
        return (crlf, lf) switch
        {
            (>= 0, >= 0) => Math.Min(crlf + 4, lf + 2),
            (>= 0, _) => crlf + 4,
            (_, >= 0) => lf + 2,
            _ => -1,
        };
    }
}
