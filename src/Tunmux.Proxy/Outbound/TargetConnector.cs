using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Outbound;

/// <summary>Resolves a target (IPv4 preferred) and connects to its addresses in turn, under one deadline.</summary>
internal sealed class TargetConnector(IOutboundConnector connector, TimeSpan connectTimeout)
{
    public IOutboundConnector Connector => connector;

    public async Task<ConnectResult> ConnectAsync(ProxyTarget target, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        try
        {
            var addresses = await ResolveAsync(target, deadline.Token).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                return ConnectResult.Failed(OutboundFailure.NameNotResolved);
            }

            var failure = OutboundFailure.General;
            foreach (var address in addresses)
            {
                try
                {
                    var socket = await connector.ConnectAsync(new IPEndPoint(address, target.Port), deadline.Token).ConfigureAwait(false);

                    // Sends try the socket at once and only wait when they must (SocketIo); async operations are unaffected.
                    socket.Blocking = false;
                    return ConnectResult.Connected(socket);
                }
                catch (SocketException e)
                {
                    failure = OutboundFailures.FromSocketError(e.SocketErrorCode);
                }
            }

            return ConnectResult.Failed(failure);
        }
        catch (SocketException e)
        {
            return ConnectResult.Failed(OutboundFailures.FromSocketError(e.SocketErrorCode));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ConnectResult.Failed(OutboundFailure.TimedOut);
        }
        catch (ArgumentException)
        {
            // A name the resolver will not take (longer than DNS allows, an empty label): the
            // client still gets its protocol's "host unreachable" reply.
            return ConnectResult.Failed(OutboundFailure.NameNotResolved);
        }
    }

    /// <summary>Addresses to try for a target; a name that resolves to nothing gives an empty list.</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(ProxyTarget target, CancellationToken cancellationToken)
    {
        if (target.Address is not null)
        {
            return [target.Address];
        }

        var resolved = await connector.ResolveAsync(target.Host!, cancellationToken).ConfigureAwait(false);
        return AddressOrdering.PreferIPv4(resolved);
    }
}
