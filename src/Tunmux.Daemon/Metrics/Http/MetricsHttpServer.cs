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
    // After answering, wait this long at most for the client to close, so unread request bytes
    // do not make the kernel reset the connection before the client has read the answer.
    private static readonly TimeSpan _lingerLimit = TimeSpan.FromSeconds(1);

    private readonly MetricsRegistry _registry;
    private readonly MetricsServerOptions _options;
    private readonly ILogger _logger;
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
        _registry = registry;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
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
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(_options.RequestTimeout);
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var (status, head) = await RequestHeadReader.ReadAsync(stream, _options.MaxRequestHeadBytes, deadline.Token).ConfigureAwait(false);
            if (status == RequestHeadStatus.ClosedEarly)
            {
                MetricsServerLog.ConnectionEnded(_logger, "client closed before finishing its request");
                return;
            }

            var response = status == RequestHeadStatus.TooLarge
                ? MetricsEndpoint.HeadTooLarge()
                : Respond(HttpRequestHead.TryParse(head));
            await stream.WriteAsync(response.ToBytes(), deadline.Token).ConfigureAwait(false);
            await LingerAsync(socket, stream, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            MetricsServerLog.ConnectionEnded(_logger, stopping.IsCancellationRequested ? "server stopping" : "request timed out");
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            MetricsServerLog.ConnectionEnded(_logger, exception.Message);
        }
        finally
        {
            socket.Dispose();
            _slots.Release();
        }
    }

    private HttpResponse Respond(HttpRequestHead? request)
    {
        try
        {
            return MetricsEndpoint.Respond(request, () => PrometheusTextFormatter.Format(_registry.Collect()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A throwing gauge function must not take the endpoint down; the scrape fails visibly instead.
            MetricsServerLog.RenderFailed(_logger, exception);
            return MetricsEndpoint.RenderFailed();
        }
    }

    private static async Task LingerAsync(Socket socket, NetworkStream stream, CancellationToken stopping)
    {
        socket.Shutdown(SocketShutdown.Send);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        linger.CancelAfter(_lingerLimit);
        var sink = new byte[4096];
        try
        {
            for (var drained = 0; drained < 64 * 1024;)
            {
                var read = await stream.ReadAsync(sink, linger.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                drained += read;
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The client kept the connection open after its answer; closing now is fine.
        }
    }
}
