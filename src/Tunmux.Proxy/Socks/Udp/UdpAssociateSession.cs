using System.Net;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks.Udp;

/// <summary>
/// SOCKS5 UDP ASSOCIATE: replies with the relay's address, then keeps the association for as long
/// as the TCP control connection stays open (and UDP traffic keeps it from idling out).
/// </summary>
internal sealed class UdpAssociateSession(ConnectionContext context, BufferedSocketReader reader, AccessRecord record)
{
    public async Task RunAsync(ProxyTarget declared)
    {
        record.Protocol = "socks5-udp";
        var relay = context.Client.LocalEndPoint is IPEndPoint local ? context.Udp.Find(local) : null;
        if (relay is null || context.ClientEndPoint is not IPEndPoint client)
        {
            record.Result = ProxyOutcome.UdpUnavailable;
            await context.Client.SendAllAsync(Socks5Reply.Build(Socks5Reply.CommandNotSupported), context.Aborted).ConfigureAwait(false);
            return;
        }

        // Datagrams must come from the control connection's address; the declared port, when given, pins the source port too.
        using var activity = new IdleWatchdog(context.Options.IdleTimeout, context.Aborted);
        var association = new UdpAssociation(client.Address, declared.Port, relay.Value.Relay, context.Connector,
            activity, context.Options.ConnectTimeout, context.Logger);
        relay.Value.Relay.Register(association);
        try
        {
            await context.Client.SendAllAsync(Socks5Reply.Build(Socks5Reply.Succeeded, relay.Value.Announced), context.Aborted).ConfigureAwait(false);
            while (await reader.FillAsync(4096, activity.Token).ConfigureAwait(false))
            {
                reader.Consume(reader.BufferedCount);
            }

            record.Result = ProxyOutcome.Ok;
        }
        catch (OperationCanceledException) when (activity.Expired)
        {
            record.Result = ProxyOutcome.IdleTimeout;
        }
        catch (OperationCanceledException) when (context.Aborted.IsCancellationRequested)
        {
            record.Result = ProxyOutcome.Aborted;
        }
        finally
        {
            relay.Value.Relay.Unregister(association);
            await association.DisposeAsync().ConfigureAwait(false);
            record.BytesUp = association.BytesUp;
            record.BytesDown = association.BytesDown;
        }
    }
}
