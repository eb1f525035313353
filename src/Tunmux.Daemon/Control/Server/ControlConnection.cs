using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Daemon.Control.Authorization;

namespace Tunmux.Daemon.Control.Server;

/// <summary>
/// One client: authorize once (the kernel fixed the peer's credentials at connect), then
/// answer each request line with one response line, in order. A refused peer gets one
/// "permission denied" response and the connection closes; its line is never parsed.
/// </summary>
internal sealed class ControlConnection(
    Socket socket,
    IControlHandler handler,
    IPeerAuthorizer authorizer,
    int maxLineBytes,
    ILogger logger)
{
    /// <summary>A refused peer's line is only waited for, never read as a request; it needs no room.</summary>
    private const int RefusedPeerMaxLineBytes = 64 * 1024;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            var authorization = Authorize();
            if (authorization is null || !authorization.Decision.Allowed)
            {
                var message = authorization?.Decision.Reason ?? "permission denied: the peer's credentials cannot be read";
                await RefuseAsync(new LineReader(pipe, RefusedPeerMaxLineBytes), stream, message, cancellationToken).ConfigureAwait(false);
                return;
            }

            ControlServerLog.Allowed(logger, authorization.Peer.Pid, authorization.Peer.Uid, authorization.Decision.Reason);
            await ControlSession.ServeAsync(new LineReader(pipe, maxLineBytes), stream, handler, authorization.Peer, maxLineBytes, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ControlServerLog.ConnectionEnded(logger, "server stopping");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            ControlServerLog.ConnectionEnded(logger, e.Message);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private PeerAuthorization? Authorize()
    {
        try
        {
            var authorization = authorizer.Authorize(socket);
            if (!authorization.Decision.Allowed)
            {
                var peer = authorization.Peer;
                ControlServerLog.Refused(logger, peer.Pid, peer.Uid, peer.Gid, authorization.Decision.Reason);
            }

            return authorization;
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or IOException)
        {
            ControlServerLog.CredentialsUnreadable(logger, e);
            return null;
        }
    }

    private static async Task RefuseAsync(LineReader lines, Stream stream, string message, CancellationToken cancellationToken)
    {
        // Wait for the request so the client is reading when the answer arrives, not writing into a closed socket.
        var line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Status != LineStatus.EndOfStream)
        {
            await WriteAsync(stream, ControlResponse.Failure(message, ControlErrorCodes.PermissionDenied), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(Stream stream, ControlResponse response, CancellationToken cancellationToken) =>
        ControlSession.WriteAsync(stream, response, cancellationToken);
}
