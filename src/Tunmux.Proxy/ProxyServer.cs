using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Logging;
using Tunmux.Proxy.Outbound;
using Tunmux.Proxy.Relay;
using Tunmux.Proxy.Socks.Udp;

namespace Tunmux.Proxy;

/// <summary>
/// The SOCKS5/SOCKS4/HTTP proxy engine. Listeners come in pre-bound (possibly in another network
/// namespace); every outbound connection and name lookup happens in the calling process's namespace.
/// </summary>
public sealed class ProxyServer
{
    private static readonly TimeSpan AbortWait = TimeSpan.FromSeconds(5);

    private readonly ProxyServerOptions _options;
    private readonly ILogger _logger;
    private readonly IAccessLogSink? _accessLog;
    private readonly TargetConnector _connector;
    private readonly ConnectionTracker _tracker;
    private readonly IRelay _relay;
    private int _started;
    private bool _noDelayInherited;
    private UdpRelayDirectory _udp = UdpRelayDirectory.Empty;

    public ProxyServer(ProxyServerOptions options, ILoggerFactory? loggerFactory = null, IOutboundConnector? connector = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("Tunmux.Proxy");
        _accessLog = options.AccessLogEnabled
            ? options.AccessLogSink ?? new LoggerAccessLogSink(loggerFactory.CreateLogger("Tunmux.Proxy.Access"))
            : null;
        _connector = new TargetConnector(connector ?? DefaultOutboundConnector.Instance, options.ConnectTimeout);
        _tracker = new ConnectionTracker(options.MaxConnections);
        _relay = RelayFactory.Create(options, _logger);
    }

    /// <summary>Open client connections right now (UDP associations count through their control connection).</summary>
    public int ActiveConnections => _tracker.Active;

    /// <summary>Client connections admitted since start (over-limit ones are refused and not counted).</summary>
    public long TotalConnections => _tracker.Read().Total;

    /// <summary>Open and admitted connections read at one instant, for a stats publisher.</summary>
    public (int Active, long Total) ConnectionCounts => _tracker.Read();

    /// <summary>Live UDP associations across all relay sockets.</summary>
    public int UdpAssociations => _udp.Endpoints.Sum(e => e.AssociationCount);

    /// <summary>"splice" or "managed".</summary>
    public string RelayName => _relay.Name;

    internal IRelay Relay => _relay;

    /// <summary>
    /// Serves until <paramref name="stopping"/> is cancelled, then stops accepting (closing the
    /// listeners), lets open connections finish for the drain grace period, cuts the rest, and returns.
    /// <paramref name="cut"/> ends the drain at once (its tunnel is going away: nothing through it can finish).
    /// </summary>
    public async Task RunAsync(ProxyListeners listeners, CancellationToken stopping, CancellationToken cut = default)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        if (listeners.SocksTcp.Count + listeners.HttpTcp.Count == 0)
        {
            throw new ArgumentException("At least one TCP listener is needed.", nameof(listeners));
        }

        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A ProxyServer runs once.");
        }

        using var abort = new CancellationTokenSource();
        var udpEndpoints = listeners.SocksUdp.Select(s => new UdpRelayEndpoint(s, _logger)).ToList();
        _udp = new UdpRelayDirectory(udpEndpoints);
        var udpLoops = udpEndpoints.Select(e => e.RunAsync(abort.Token)).ToList();
        ProxyLog.Started(_logger, _options.Name, listeners.SocksTcp.Count, listeners.SocksUdp.Count, listeners.HttpTcp.Count, _relay.Name);

        _noDelayInherited = listeners.SocksTcp.Concat(listeners.HttpTcp).Aggregate(true, (all, listener) => ListenerSetup.TryInheritNoDelay(listener) && all);
        foreach (var listener in listeners.SocksTcp.Concat(listeners.HttpTcp))
        {
            ListenerSetup.TryDeferAccept(listener, 1);
        }

        var acceptLoops = listeners.SocksTcp.Select(l => AcceptLoopAsync(l, ListenerKind.Socks, stopping, abort.Token))
            .Concat(listeners.HttpTcp.Select(l => AcceptLoopAsync(l, ListenerKind.Http, stopping, abort.Token)))
            .ToList();
        await Task.WhenAll(acceptLoops).ConfigureAwait(false);
        foreach (var listener in listeners.SocksTcp.Concat(listeners.HttpTcp))
        {
            listener.Dispose();
        }

        await DrainAsync(abort, cut).ConfigureAwait(false);
        foreach (var endpoint in udpEndpoints)
        {
            endpoint.Dispose();
        }

        await Task.WhenAll(udpLoops).ConfigureAwait(false);
        (_relay as IDisposable)?.Dispose();
        ProxyLog.Stopped(_logger, _options.Name);
    }

    private async Task DrainAsync(CancellationTokenSource abort, CancellationToken cut)
    {
        ProxyLog.Draining(_logger, _options.Name, _tracker.Active, (long)_options.DrainGracePeriod.TotalMilliseconds);
        if (await WaitIdleAsync(_options.DrainGracePeriod, cut).ConfigureAwait(false))
        {
            await abort.CancelAsync().ConfigureAwait(false);
            return;
        }

        ProxyLog.DrainCut(_logger, _options.Name, _tracker.Active);
        await abort.CancelAsync().ConfigureAwait(false);
        await WaitIdleAsync(AbortWait, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>True once no connection is open; false when the limit passed or <paramref name="cut"/> came first.</summary>
    private async Task<bool> WaitIdleAsync(TimeSpan limit, CancellationToken cut = default)
    {
        try
        {
            await _tracker.WhenIdleAsync().WaitAsync(limit, cut).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task AcceptLoopAsync(Socket listener, ListenerKind kind, CancellationToken stopping, CancellationToken aborted)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // Typically out of descriptors: back off briefly instead of spinning on the error.
                ProxyLog.AcceptFailed(_logger, _options.Name, listener.LocalEndPoint, e);
                await PauseAsync(stopping).ConfigureAwait(false);
                continue;
            }

            Start(client, kind, stopping, aborted);
        }
    }

    private void Start(Socket client, ListenerKind kind, CancellationToken stopping, CancellationToken aborted)
    {
        EndPoint? remote;
        try
        {
            remote = client.RemoteEndPoint;
            if (!_noDelayInherited)
            {
                client.NoDelay = true;
            }

            // Sends and the first read try the socket at once and only wait when they must
            // (SocketIo, BufferedSocketReader); async operations are unaffected.
            client.Blocking = false;
        }
        catch (SocketException)
        {
            client.Dispose();
            return;
        }

        if (!_tracker.TryEnter())
        {
            ProxyLog.OverLimit(_logger, _options.Name, _options.MaxConnections, remote);
            client.Dispose();
            return;
        }

        var context = new ConnectionContext
        {
            Client = client,
            ClientEndPoint = remote,
            Options = _options,
            Connector = _connector,
            Relay = _relay,
            Logger = _logger,
            AccessLog = _accessLog,
            Udp = _udp,
            Draining = stopping,
            Aborted = aborted,
            Tracker = _tracker,
        };

        // Runs on the accept loop's thread until its first wait (usually the SOCKS greeting or the
        // HTTP request head is already there). Handing every connection to the thread pool instead
        // cost a thread wake-up each; the accept loop itself is only held for that synchronous part.
        _ = ConnectionHandler.RunAsync(context, kind);
    }

    private static async Task PauseAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
