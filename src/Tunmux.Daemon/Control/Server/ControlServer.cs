using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Daemon.Control.Authorization;

namespace Tunmux.Daemon.Control.Server;

/// <summary>
/// The daemon's control socket. <see cref="ListenAsync"/> binds (or adopts systemd's socket),
/// so a caller knows the socket is ready when it returns; <see cref="RunAsync"/> then serves
/// clients concurrently until cancelled, and on the way out closes the listener, waits for
/// open connections to finish and removes the socket file it created.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly ListeningSocket _listening;
    private readonly IControlHandler _handler;
    private readonly IPeerAuthorizer _authorizer;
    private readonly int _maxLineBytes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private long _nextConnectionId;
    private readonly Lock _gate = new();
    private Task? _running;
    private int _shutDown;

    private ControlServer(ListeningSocket listening, IControlHandler handler, IPeerAuthorizer authorizer, int maxLineBytes, ILogger logger)
    {
        _listening = listening;
        _handler = handler;
        _authorizer = authorizer;
        _maxLineBytes = maxLineBytes;
        _logger = logger;
    }

    /// <summary>The socket file's path; null when the socket came from systemd.</summary>
    public string? SocketPath => _listening.Path;

    public bool IsSocketActivated => _listening.IsInherited;

    /// <summary>
    /// Opens the control socket. <paramref name="authorizer"/> defaults to root plus members of
    /// <see cref="ControlServerOptions.Group"/>. Throws <see cref="ControlServerException"/>
    /// when the path is taken by a live listener or by something that is not a socket.
    /// </summary>
    public static async Task<ControlServer> ListenAsync(
        ControlServerOptions options,
        IControlHandler handler,
        IPeerAuthorizer? authorizer = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var listening = await ListeningSocket.OpenAsync(options, logger, cancellationToken).ConfigureAwait(false);
        return new ControlServer(listening, handler, authorizer ?? new PeerAuthorizer(options.Group), options.MaxLineBytes, logger);
    }

    /// <summary>Serves an already listening socket (e.g. one the caller inherited at another fd).</summary>
    internal static ControlServer Adopt(ListeningSocket listening, ControlServerOptions options, IControlHandler handler, IPeerAuthorizer authorizer) =>
        new(listening, handler, authorizer, options.MaxLineBytes, NullLogger.Instance);

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the server is disposed; call once.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                throw new InvalidOperationException("the control server has already run (or was disposed)");
            }

            return _running = ServeAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? running;
        lock (_gate)
        {
            running = _running;
            _running ??= Task.CompletedTask;
        }

        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }
        else
        {
            await ShutDownAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            await AcceptLoopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await ShutDownAsync().ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listening.Socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of file descriptors or memory: back off instead of spinning, then keep serving.
                ControlServerLog.AcceptFailed(_logger, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            Track(ServeConnectionAsync(client, stopping));
        }
    }

    private async Task ServeConnectionAsync(Socket client, CancellationToken stopping)
    {
        // Leave the accept loop at once; the authorization reads /proc and the group database.
        await Task.Yield();
        var connection = new ControlConnection(client, _handler, _authorizer, _maxLineBytes, _logger);
        await connection.RunAsync(stopping).ConfigureAwait(false);
    }

    private void Track(Task connection)
    {
        var id = Interlocked.Increment(ref _nextConnectionId);
        _connections[id] = connection;
        _ = connection.ContinueWith(
            _ => _connections.TryRemove(id, out Task? _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ShutDownAsync()
    {
        if (Interlocked.Exchange(ref _shutDown, 1) == 1)
        {
            return;
        }

        _listening.Dispose();
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        ControlServerLog.Stopped(_logger);
    }
}
