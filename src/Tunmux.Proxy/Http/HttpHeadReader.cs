using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Http;

internal enum HeadReadStatus
{
    Complete,

    /// <summary>The stream ended before any byte of a new head.</summary>
    Closed,

    /// <summary>The stream ended in the middle of a head.</summary>
    Truncated,

    TooLarge,
}

/// <summary>Collects one head (up to its blank line) in the reader's buffer and consumes it.</summary>
internal static class HttpHeadReader
{
    /// <param name="dataExpected">For the first read only: see <see cref="BufferedSocketReader.FillAsync"/>.</param>
    public static async Task<(HeadReadStatus Status, byte[] Head)> ReadAsync(BufferedSocketReader reader, int maxBytes, CancellationToken cancellationToken, bool dataExpected = false)
    {
        var scanFrom = 0;
        var sawAny = false;
        while (true)
        {
            // Empty lines before a request line are ignored (RFC 9112 section 2.2).
            var skip = 0;
            var buffered = reader.Buffered;
            while (skip < buffered.Length && buffered[skip] is (byte)'\r' or (byte)'\n')
            {
                skip++;
            }

            if (skip > 0)
            {
                // Stray line ends (some clients send one after a body) do not begin a request.
                reader.Consume(skip);
                scanFrom = 0;
            }

            var end = HttpHeadParser.FindEnd(reader.Buffered, ref scanFrom);
            if (end > 0)
            {
                if (end > maxBytes)
                {
                    return (HeadReadStatus.TooLarge, []);
                }

                var head = reader.Buffered[..end].ToArray();
                reader.Consume(end);
                return (HeadReadStatus.Complete, head);
            }

            if (reader.BufferedCount >= maxBytes)
            {
                return (HeadReadStatus.TooLarge, []);
            }

            sawAny |= reader.BufferedCount > 0;
            var expected = dataExpected;
            dataExpected = false;
            if (!await reader.FillAsync(maxBytes, cancellationToken, expected).ConfigureAwait(false))
            {
                return (sawAny || reader.BufferedCount > 0 ? HeadReadStatus.Truncated : HeadReadStatus.Closed, []);
            }
        }
    }
}
