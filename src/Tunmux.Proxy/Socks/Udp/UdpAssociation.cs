using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Logging;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks.Udp;

/// <summary>
/// The outbound side of one UDP ASSOCIATE: an outbound UDP socket per address family, created on
/// first use in the process's namespace, whose replies go back to the client wrapped in the SOCKS header.
/// </summary>
internal sealed class UdpAssociation : IAsyncDisposable
{
    private const int MaxDatagram = 64 * 1024;
    private const int MaxCachedNames = 64;

    private readonly UdpRelayEndpoint _relay;
    private readonly TargetConnector _connector;
    private readonly IdleWatchdog _activity;
    private readonly ILogger _logger;
    private readonly TimeSpan _resolveTimeout;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _lock = new();
    private readonly List<Task> _receivers = [];
    private readonly Dictionary<string, IPAddress> _names = new(StringComparer.OrdinalIgnoreCase);
    private Socket? _ipv4;
    private Socket? _ipv6;
    private int _clientPort;
    private long _bytesUp;
    private long _bytesDown;

    public UdpAssociation(IPAddress clientAddress, int clientPort, UdpRelayEndpoint relay, TargetConnector connector,
        IdleWatchdog activity, TimeSpan resolveTimeout, ILogger logger)
    {
        ClientAddress = SocksAddress.Normalize(clientAddress);
        _clientPort = clientPort;
        _relay = relay;
        _connector = connector;
        _activity = activity;
        _resolveTimeout = resolveTimeout;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(activity.Token);
    }

    public IPAddress ClientAddress { get; }

    /// <summary>0 until known: a client that declared no port is pinned to its first datagram's port.</summary>
    public int ClientPort => Volatile.Read(ref _clientPort);

    public long BytesUp => Interlocked.Read(ref _bytesUp);

    public long BytesDown => Interlocked.Read(ref _bytesDown);

    public void PinClientPort(int port) => Interlocked.CompareExchange(ref _clientPort, port, 0);

    public async ValueTask ForwardAsync(ProxyTarget target, ReadOnlyMemory<byte> payload)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _activity.Touch();
        if (target.Address is not null)
        {
            await SendAsync(new IPEndPoint(target.Address, target.Port), payload).ConfigureAwait(false);
            return;
        }

        IPAddress? cached;
        lock (_lock)
        {
            _names.TryGetValue(target.Host!, out cached);
        }

        if (cached is not null)
        {
            await SendAsync(new IPEndPoint(cached, target.Port), payload).ConfigureAwait(false);
            return;
        }

        // Resolution may take a while; the relay's receive loop must not wait for it.
        var copy = payload.ToArray();
        _ = ResolveAndSendAsync(target, copy);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] receivers;
        lock (_lock)
        {
            _ipv4?.Dispose();
            _ipv6?.Dispose();
            receivers = [.. _receivers];
        }

        await Task.WhenAll(receivers).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ResolveAndSendAsync(ProxyTarget target, byte[] payload)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            deadline.CancelAfter(_resolveTimeout);
            var addresses = await _connector.ResolveAsync(target, deadline.Token).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                ProxyLog.UdpDropped(_logger, null, "name did not resolve");
                return;
            }

            lock (_lock)
            {
                if (_names.Count >= MaxCachedNames)
                {
                    _names.Clear();
                }

                _names[target.Host!] = addresses[0];
            }

            await SendAsync(new IPEndPoint(addresses[0], target.Port), payload).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            ProxyLog.UdpDropped(_logger, null, "name did not resolve");
        }
    }

    private async ValueTask SendAsync(IPEndPoint destination, ReadOnlyMemory<byte> payload)
    {
        try
        {
            var socket = SocketFor(destination.AddressFamily);
            if (socket is null)
            {
                return;
            }

            await socket.SendToAsync(payload, SocketFlags.None, destination, _stop.Token).ConfigureAwait(false);
            Interlocked.Add(ref _bytesUp, payload.Length);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            ProxyLog.UdpDropped(_logger, destination, "send failed");
        }
    }

    private Socket? SocketFor(AddressFamily family)
    {
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return null;
            }

            ref var slot = ref family == AddressFamily.InterNetworkV6 ? ref _ipv6 : ref _ipv4;
            if (slot is null)
            {
                slot = _connector.Connector.BindUdp(family);
                _receivers.Add(ReceiveRepliesAsync(slot));
            }

            return slot;
        }
    }

    private async Task ReceiveRepliesAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SocksUdpHeader.MaxWrittenLength + MaxDatagram);
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(SocksUdpHeader.MaxWrittenLength, MaxDatagram), SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue;
                }

                var client = new IPEndPoint(ClientAddress, ClientPort);
                if (client.Port == 0)
                {
                    continue;
                }

                // Write the header right in front of the payload, so the datagram goes out without a copy.
                var source = (IPEndPoint)received.RemoteEndPoint;
                var start = SocksUdpHeader.MaxWrittenLength - SocksUdpHeader.LengthFor(source);
                SocksUdpHeader.Write(buffer.AsSpan(start), source);
                _activity.Touch();
                await _relay.SendToClientAsync(buffer.AsMemory(start, SocksUdpHeader.MaxWrittenLength - start + received.ReceivedBytes), client, _stop.Token).ConfigureAwait(false);
                Interlocked.Add(ref _bytesDown, received.ReceivedBytes);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The association ended, or its socket failed; the control connection decides what happens next.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
