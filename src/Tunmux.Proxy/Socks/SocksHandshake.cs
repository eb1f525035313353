using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Socks;

/// <summary>
/// Reads a SOCKS client's request within the handshake timeout. A client that is too slow or
/// hangs up early ends the session quietly, with the reason in the access record.
/// </summary>
internal static class SocksHandshake
{
    /// <returns>The request, or null when the session should end without a reply.</returns>
    public static async Task<T?> ReadAsync<T>(ConnectionContext context, AccessRecord record, Func<CancellationToken, Task<T?>> read)
        where T : class
    {
        using var deadline = new Deadline(context.Options.HandshakeTimeout, context.Aborted);
        try
        {
            return await read(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            record.Result = ProxyOutcome.HandshakeTimeout;
            return null;
        }
        catch (EndOfStreamException)
        {
            record.Result = ProxyOutcome.ClosedEarly;
            return null;
        }
    }
}
