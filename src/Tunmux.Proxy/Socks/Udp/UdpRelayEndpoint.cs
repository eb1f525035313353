using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Logging;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks.Udp;

/// <summary>
/// One client-facing UDP socket (same address and port as a SOCKS TCP listener). Datagrams are
/// accepted only from the client of a live association, unwrapped and handed to that association.
/// </summary>
internal sealed class UdpRelayEndpoint(Socket socket, ILogger logger) : IDisposable
{
    private const int MaxDatagram = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly List<UdpAssociation> _associations = [];

    public IPEndPoint LocalEndPoint { get; } = (IPEndPoint)(socket.LocalEndPoint
        ?? throw new ArgumentException("A SOCKS UDP socket must be bound before it is handed to the proxy."));

    public int AssociationCount
    {
        get
        {
            lock (_lock)
            {
                return _associations.Count;
            }
        }
    }

    public void Register(UdpAssociation association)
    {
        lock (_lock)
        {
            _associations.Add(association);
        }
    }

    public void Unregister(UdpAssociation association)
    {
        lock (_lock)
        {
            _associations.Remove(association);
        }
    }

    public ValueTask<int> SendToClientAsync(ReadOnlyMemory<byte> datagram, IPEndPoint client, CancellationToken cancellationToken) =>
        socket.SendToAsync(datagram, SocketFlags.None, client, cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        var any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(0, MaxDatagram), SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // ICMP errors from earlier sends surface here; they are not this receive's problem.
                    continue;
                }

                await DispatchAsync(buffer.AsMemory(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            ProxyLog.UdpReceiveFailed(logger, LocalEndPoint, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => socket.Dispose();

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> datagram, IPEndPoint source)
    {
        var association = FindFor(source);
        if (association is null)
        {
            ProxyLog.UdpDropped(logger, source, "no association for this client");
            return;
        }

        var status = SocksUdpHeader.TryParse(datagram.Span, out var target, out var headerLength);
        if (status != UdpHeaderStatus.Ok)
        {
            ProxyLog.UdpDropped(logger, source, status.ToString());
            return;
        }

        await association.ForwardAsync(target!, datagram[headerLength..]).ConfigureAwait(false);
    }

    private UdpAssociation? FindFor(IPEndPoint source)
    {
        var address = SocksAddress.Normalize(source.Address);
        lock (_lock)
        {
            // An exact match first, so a pinned association is never shadowed by an unpinned one.
            foreach (var association in _associations)
            {
                if (association.ClientAddress.Equals(address) && association.ClientPort == source.Port)
                {
                    return association;
                }
            }

            foreach (var association in _associations)
            {
                if (association.ClientAddress.Equals(address) && association.ClientPort == 0)
                {
                    association.PinClientPort(source.Port);
                    return association;
                }
            }
        }

        return null;
    }
}
