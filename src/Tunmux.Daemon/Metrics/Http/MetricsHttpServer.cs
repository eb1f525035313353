using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tunmux.Daemon.Metrics.Http;

/// <summary>
/// Serves <c>GET /metrics</c> (and HEAD) over HTTP/1.1, one request per connection. Every
/// connection is an async task (no thread each), bounded in number, size and time, so a slow or
/// hostile client cannot hold the daemon. Listens on loopback unless told otherwise.
/// </summary>
public sealed class MetricsHttpServer : IAsyncDisposable
{
    private readonly MetricsServerOptions _options;
    private readonly ILogger _logger;
    private readonly MetricsConnection _connection;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenRegistration _callerToken;
    private Task? _run;
    private long _nextConnectionId;
    private bool _disposed;

    public MetricsHttpServer(MetricsRegistry registry, MetricsServerOptions? options = null, ILogger<MetricsHttpServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new MetricsServerOptions();
        ArgumentNullException.ThrowIfNull(options.EndPoint, nameof(options));
        if (!options.AllowNonLoopback && !IsLoopback(options.EndPoint.Address))
        {
            throw new ArgumentException(
                $"Refusing to serve metrics on non-loopback address {options.EndPoint}; set AllowNonLoopback to expose them beyond this machine.",
                nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRequestHeadBytes, 64, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentConnections, 1, nameof(options));
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connection = new MetricsConnection(registry, options, _logger);
        _slots = new SemaphoreSlim(options.MaxConcurrentConnections);
    }

    /// <summary>The address actually bound (useful with port 0).</summary>
    public IPEndPoint LocalEndPoint =>
        (IPEndPoint)(_listener?.LocalEndpoint ?? throw new InvalidOperationException("The metrics server has not been started."));

    /// <summary>Completes once the server has stopped and every connection has finished.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>Binds now (so a taken port fails here), then serves until the token is cancelled or <see cref="StopAsync"/>.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_listener is not null || _stopping.IsCancellationRequested)
        {
            throw new InvalidOperationException("The metrics server was already started; create a new one to serve again.");
        }

        var listener = new TcpListener(_options.EndPoint);
        listener.Start();
        _listener = listener;
        MetricsServerLog.Listening(_logger, LocalEndPoint.ToString());
        _callerToken = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _stopping);
        _run = RunAsync(listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _callerToken.DisposeAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(TcpListener listener, CancellationToken stopping)
    {
        try
        {
            await AcceptLoopAsync(listener, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
            MetricsServerLog.Stopped(_logger);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
    {
        while (true)
        {
            // Take a slot before accepting: beyond the limit, clients wait in the kernel's queue.
            await _slots.WaitAsync(stopping).ConfigureAwait(false);
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (SocketException exception) when (!stopping.IsCancellationRequested)
            {
                // E.g. a connection aborted before accept, or out of descriptors: pause, do not spin.
                _slots.Release();
                MetricsServerLog.ConnectionEnded(_logger, exception.SocketErrorCode.ToString());
                await Task.Delay(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
                continue;
            }
            catch
            {
                _slots.Release();
                throw;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = ServeAsync(socket, stopping);
            _connections[id] = connection;
            // Removed by a continuation (not inside ServeAsync) so a connection that finishes
            // before it was added cannot be left behind in the dictionary.
            _ = connection.ContinueWith(_ => _connections.TryRemove(id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        try
        {
            await _connection.ServeAsync(socket, stopping).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
