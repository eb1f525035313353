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
            await ServeAsync(new LineReader(pipe, maxLineBytes), stream, authorization.Peer, cancellationToken).ConfigureAwait(false);
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

    private async Task ServeAsync(LineReader lines, Stream stream, PeerCredentials peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            switch (line.Status)
            {
                case LineStatus.EndOfStream:
                    ControlServerLog.ConnectionEnded(logger, "client closed");
                    return;
                case LineStatus.TooLong:
                    ControlServerLog.LineTooLong(logger, peer.Pid, maxLineBytes);
                    await WriteAsync(
                        stream,
                        ControlResponse.Failure($"request line longer than {maxLineBytes} bytes; closing the connection", ControlErrorCodes.LineTooLong),
                        cancellationToken).ConfigureAwait(false);
                    return;
            }

            if (line.Line!.All(IsWhiteSpace))
            {
                continue;
            }

            var response = await AnswerAsync(line.Line!, peer, cancellationToken).ConfigureAwait(false);
            await WriteAsync(stream, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ControlResponse> AnswerAsync(byte[] line, PeerCredentials peer, CancellationToken cancellationToken)
    {
        var parsed = ControlJson.ParseRequest(line);
        if (parsed.Request is not { } request)
        {
            return parsed.Error!;
        }

        try
        {
            return await handler.HandleAsync(request, peer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception may carry details that are not for the client; they go to the log.
            ControlServerLog.HandlerFailed(logger, request.Kind, peer.Uid, e);
            return ControlResponse.Failure($"internal error while handling '{request.Kind}'; see the daemon's log", ControlErrorCodes.Internal);
        }
    }

    private static async Task WriteAsync(Stream stream, ControlResponse response, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(ControlJson.SerializeResponse(response), cancellationToken).ConfigureAwait(false);
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r';
}
