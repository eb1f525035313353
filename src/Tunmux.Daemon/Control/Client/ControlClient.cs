using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Client;

/// <summary>
/// A connection to the daemon's control socket. Requests on one client are answered in order;
/// concurrent callers are queued so each gets its own response.
/// </summary>
public sealed class ControlClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    private readonly IDisposable? _owner;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly PipeReader _pipe;
    private readonly LineReader _lines;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private ControlClient(Stream input, Stream output, IDisposable? owner, string socketPath)
    {
        _owner = owner;
        _input = input;
        _output = output;
        SocketPath = socketPath;
        _pipe = PipeReader.Create(_input, new StreamPipeReaderOptions(leaveOpen: true));
        _lines = new LineReader(_pipe, ControlProtocol.MaxLineBytes);
    }

    /// <summary>Where requests go: the socket's path, or a description of the streams.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// A client over any pair of streams (e.g. a helper's standard output and input). The protocol
    /// is the socket's, line for line. Disposing the client disposes <paramref name="owner"/>, if any.
    /// </summary>
    public static ControlClient Over(Stream fromDaemon, Stream toDaemon, string description, IDisposable? owner = null) =>
        new(fromDaemon, toDaemon, owner, description);

    /// <summary>Connects, or throws <see cref="ControlClientException"/> (NotListening, PermissionDenied, Timeout).</summary>
    public static async Task<ControlClient> ConnectAsync(
        string socketPath = ControlProtocol.DefaultSocketPath,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        await TryConnectAsync(socketPath, timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new ControlClientException(ControlClientFailure.NotListening, $"no tunmux daemon is listening on {socketPath}");

    /// <summary>
    /// No socket file (ENOENT/ENOTDIR, the same answers connect would give): nothing listens.
    /// Checked first because a failed connect costs more than the rest of a short command
    /// (the socket layer builds the exception's stack trace text eagerly). Any other answer,
    /// such as EACCES on the directory, is left to connect so that it is reported as before.
    /// </summary>
    private static bool SocketFileIsAbsent(string socketPath) =>
        LibC.Access(socketPath, LibC.FOk) != 0
        && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.Enoent or LibC.Enotdir;

    /// <summary>
    /// Connects, or returns null when no daemon listens (no socket file, or a stale one), so the
    /// caller can do the work in-process. Still throws for permission denied and timeouts: those
    /// mean a daemon exists and falling back would bypass it.
    /// </summary>
    public static async Task<ControlClient?> TryConnectAsync(
        string socketPath = ControlProtocol.DefaultSocketPath,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (SocketFileIsAbsent(socketPath))
        {
            return null;
        }

        var limit = timeout ?? DefaultConnectTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            while (true)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token).ConfigureAwait(false);
                    var stream = new NetworkStream(socket, ownsSocket: true);
                    return new ControlClient(stream, stream, stream, socketPath);
                }
                catch (SocketException e) when (SocketErrors.MeansBacklogFull(e))
                {
                    // The daemon is alive but has a full accept queue: wait a little and knock again.
                    socket.Dispose();
                    await Task.Delay(RetryInterval, deadline.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (SocketErrors.MeansNothingListens(e))
                {
                    socket.Dispose();
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
                {
                    socket.Dispose();
                    var group = ConnectErrorMessages.GuardingGroup(socketPath, ControlProtocol.DefaultGroup);
                    throw new ControlClientException(ControlClientFailure.PermissionDenied, ConnectErrorMessages.PermissionDenied(socketPath, group), e);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlClientException(
                ControlClientFailure.Timeout,
                $"the tunmux daemon at {socketPath} did not accept the connection within {limit.TotalSeconds:0.#} s");
        }
    }

    public Task<ControlResponse> SendAsync(string kind, JsonObject? body = null, CancellationToken cancellationToken = default) =>
        SendAsync(new ControlRequest(ControlProtocol.Version, kind, body), cancellationToken);

    public Task<ControlResponse> PingAsync(CancellationToken cancellationToken = default) => SendAsync("ping", null, cancellationToken);

    /// <summary>Sends one request and waits for its response.</summary>
    public async Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await _output.WriteAsync(ControlJson.SerializeRequest(request), cancellationToken).ConfigureAwait(false);
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ControlClientException(ControlClientFailure.ConnectionClosed, $"the tunmux daemon at {SocketPath} closed the connection", e);
            }

            LineResult line;
            try
            {
                line = await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // ECONNRESET: the daemon closed while our request was still unread (e.g. after refusing us).
                throw new ControlClientException(ControlClientFailure.ConnectionClosed, $"the tunmux daemon at {SocketPath} closed the connection", e);
            }

            return line.Status switch
            {
                LineStatus.Line => Parse(line.Line!),
                LineStatus.EndOfStream => throw new ControlClientException(
                    ControlClientFailure.ConnectionClosed, $"the tunmux daemon at {SocketPath} closed the connection without answering"),
                _ => throw new ControlClientException(
                    ControlClientFailure.ProtocolError, $"the tunmux daemon's response is longer than {ControlProtocol.MaxLineBytes} bytes"),
            };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pipe.CompleteAsync().ConfigureAwait(false);
        _owner?.Dispose();
        _oneAtATime.Dispose();
    }

    private static ControlResponse Parse(byte[] line)
    {
        try
        {
            return ControlJson.ParseResponse(line);
        }
        catch (FormatException e)
        {
            throw new ControlClientException(ControlClientFailure.ProtocolError, e.Message, e);
        }
    }
}
