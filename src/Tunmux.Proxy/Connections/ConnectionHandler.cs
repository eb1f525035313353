using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Http;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Logging;
using Tunmux.Proxy.Socks;

namespace Tunmux.Proxy.Connections;

/// <summary>Runs one accepted connection to its end and closes it; nothing escapes to the accept loop.</summary>
internal static class ConnectionHandler
{
    public static async Task RunAsync(ConnectionContext context, ListenerKind kind)
    {
        try
        {
            if (kind == ListenerKind.Http)
            {
                await new HttpProxySession(context).RunAsync().ConfigureAwait(false);
            }
            else
            {
                await RunSocksAsync(context).ConfigureAwait(false);
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
            context.Client.Dispose();
        }
    }

    /// <summary>SOCKS5 and SOCKS4 share the port; the first byte is the version.</summary>
    private static async Task RunSocksAsync(ConnectionContext context)
    {
        using var reader = new BufferedSocketReader(context.Client);
        using (var deadline = new Deadline(context.Options.HandshakeTimeout, context.Aborted))
        {
            try
            {
                if (!await reader.FillAsync(4096, deadline.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (deadline.Expired)
            {
                Reject(context, "handshake-timeout");
                return;
            }
        }

        switch (reader.Buffered[0])
        {
            case 0x05:
                await new Socks5Session(context, reader).RunAsync().ConfigureAwait(false);
                break;
            case 0x04:
                await new Socks4Session(context, reader).RunAsync().ConfigureAwait(false);
                break;
            default:
                Reject(context, "bad-request");
                break;
        }
    }

    private static void Reject(ConnectionContext context, string result)
    {
        var record = context.NewRecord("socks");
        record.Result = result;
        record.Complete();
    }
}
