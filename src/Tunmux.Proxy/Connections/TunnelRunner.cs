using System.Net.Sockets;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Relay;

namespace Tunmux.Proxy.Connections;

/// <summary>The common end of SOCKS CONNECT and HTTP CONNECT: hand over early bytes, then relay.</summary>
internal static class TunnelRunner
{
    /// <summary>
    /// The client may already have sent tunnel data behind its request (a TLS ClientHello, say):
    /// it goes to the target before the relay starts.
    /// </summary>
    public static async ValueTask SendEarlyBytesAsync(ConnectionContext context, TunnelHandoff tunnel)
    {
        var reader = tunnel.Reader;
        var early = reader.BufferedCount;
        if (early > 0)
        {
            await tunnel.Outbound.SendAllAsync(reader.BufferedMemory, context.Aborted).ConfigureAwait(false);
            reader.Consume(early);
            tunnel.Record.BytesUp += early;
        }

        reader.Dispose();
    }

    public static ValueTask<RelayResult> RelayAsync(ConnectionContext context, TunnelHandoff tunnel) =>
        context.Relay.RunAsync(context.Client, tunnel.Outbound, context.Options.IdleTimeout, context.Aborted);

    public static void Finish(ConnectionContext context, TunnelHandoff tunnel, RelayResult result)
    {
        var record = tunnel.Record;
        record.BytesUp += result.ClientToTarget;
        record.BytesDown += result.TargetToClient;
        if (result.Outcome == RelayOutcome.Error)
        {
            // One side was reset: reset the other too rather than let it mistake the cut for a clean end.
            AbortOnClose(context.Client);
            AbortOnClose(tunnel.Outbound);
        }

        record.Result = result.Outcome switch
        {
            RelayOutcome.Completed => ProxyOutcome.Ok,
            RelayOutcome.IdleTimeout => ProxyOutcome.IdleTimeout,
            RelayOutcome.Aborted => ProxyOutcome.Aborted,
            _ => ProxyOutcome.Reset,
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
