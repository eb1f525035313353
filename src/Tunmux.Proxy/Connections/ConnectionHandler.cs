using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Http;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Logging;
using Tunmux.Proxy.Socks;

namespace Tunmux.Proxy.Connections;

/// <summary>
/// Runs one accepted connection to its end, closes it and leaves the connection tracker; nothing
/// escapes to the accept loop. A CONNECT's relay runs here, in this one frame, after the protocol
/// session has returned: an idle tunnel keeps this frame and the relay's own objects, nothing more.
/// </summary>
internal static class ConnectionHandler
{
    public static async Task RunAsync(ConnectionContext context, ListenerKind kind)
    {
        TunnelHandoff? tunnel = null;
        try
        {
            tunnel = kind == ListenerKind.Http
                ? await new HttpProxySession(context).RunAsync().ConfigureAwait(false)
                : await RunSocksAsync(context).ConfigureAwait(false);
            if (tunnel is not null)
            {
                await TunnelRunner.SendEarlyBytesAsync(context, tunnel).ConfigureAwait(false);
                var result = await TunnelRunner.RelayAsync(context, tunnel).ConfigureAwait(false);
                TunnelRunner.Finish(context, tunnel, result);
            }

            ProxyLog.ConnectionEnded(context.Logger, context.ClientEndPoint, "done");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            ProxyLog.ConnectionEnded(context.Logger, context.ClientEndPoint, e.GetType().Name);
        }
        catch (Exception e)
        {
            ProxyLog.ConnectionFailed(context.Logger, context.ClientEndPoint, e);
        }
        finally
        {
            if (tunnel is not null)
            {
                tunnel.Outbound.Dispose();
                tunnel.Reader.Dispose();
                tunnel.Record.Complete();
            }

            context.Client.Dispose();
            context.Tracker.Exit();
        }
    }

    /// <summary>SOCKS5 and SOCKS4 share the port; the first byte is the version.</summary>
    private static async Task<TunnelHandoff?> RunSocksAsync(ConnectionContext context)
    {
        var reader = new BufferedSocketReader(context.Client);
        TunnelHandoff? handoff = null;
        try
        {
            using (var deadline = new Deadline(context.Options.HandshakeTimeout, context.Aborted))
            {
                try
                {
                    if (!await reader.FillAsync(4096, deadline.Token, dataExpected: true).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
                catch (OperationCanceledException) when (deadline.Expired)
                {
                    Reject(context, ProxyOutcome.HandshakeTimeout);
                    return null;
                }
            }

            switch (reader.Buffered[0])
            {
                case 0x05:
                    handoff = await new Socks5Session(context, reader).RunAsync().ConfigureAwait(false);
                    return handoff;
                case 0x04:
                    handoff = await new Socks4Session(context, reader).RunAsync().ConfigureAwait(false);
                    return handoff;
                default:
                    Reject(context, ProxyOutcome.BadRequest);
                    return null;
            }
        }
        finally
        {
            // A handed-off tunnel takes the reader along (it may hold early bytes for the target).
            if (handoff is null)
            {
                reader.Dispose();
            }
        }
    }

    private static void Reject(ConnectionContext context, ProxyOutcome result)
    {
        var record = context.NewRecord("socks");
        record.Result = result;
        record.Complete();
    }
}
