using System.Net.Sockets;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Relay;

namespace Tunmux.Proxy.Connections;

/// <summary>The common end of SOCKS CONNECT and HTTP CONNECT: hand over early bytes, then relay.</summary>
internal static class TunnelRunner
{
    public static async Task RunAsync(ConnectionContext context, BufferedSocketReader reader, Socket outbound, AccessRecord record)
    {
        // The client may already have sent tunnel data behind its request (a TLS ClientHello, say).
        var early = reader.BufferedCount;
        if (early > 0)
        {
            await outbound.SendAllAsync(reader.BufferedMemory, context.Aborted).ConfigureAwait(false);
            reader.Consume(early);
            record.BytesUp += early;
        }

        reader.Dispose();
        var result = await context.Relay.RunAsync(context.Client, outbound, context.Options.IdleTimeout, context.Aborted).ConfigureAwait(false);
        record.BytesUp += result.ClientToTarget;
        record.BytesDown += result.TargetToClient;
        if (result.Outcome == RelayOutcome.Error)
        {
            // One side was reset: reset the other too rather than let it mistake the cut for a clean end.
            AbortOnClose(context.Client);
            AbortOnClose(outbound);
        }

        record.Result = result.Outcome switch
        {
            RelayOutcome.Completed => "ok",
            RelayOutcome.IdleTimeout => "idle-timeout",
            RelayOutcome.Aborted => "aborted",
            _ => "reset",
        };
    }

    private static void AbortOnClose(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
