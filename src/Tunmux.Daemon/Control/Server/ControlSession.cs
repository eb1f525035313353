using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tunmux.Daemon.Control.Server;

/// <summary>
/// The protocol over any pair of streams: request lines in, one response line out for each, in
/// order, until the input ends. The socket server runs it per connection; a helper started over
/// sudo can run it on its standard input and output. The peer must already be authorized.
/// </summary>
public static class ControlSession
{
    public static async Task ServeAsync(
        Stream input,
        Stream output,
        IControlHandler handler,
        PeerCredentials peer,
        int maxLineBytes = ControlProtocol.MaxLineBytes,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        var pipe = PipeReader.Create(input, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            await ServeAsync(new LineReader(pipe, maxLineBytes), output, handler, peer, maxLineBytes, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    internal static async Task ServeAsync(LineReader lines, Stream output, IControlHandler handler, PeerCredentials peer, int maxLineBytes, ILogger logger, CancellationToken cancellationToken)
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
                        output,
                        ControlResponse.Failure($"request line longer than {maxLineBytes} bytes; closing the connection", ControlErrorCodes.LineTooLong),
                        cancellationToken).ConfigureAwait(false);
                    return;
            }

            if (line.Line!.All(IsWhiteSpace))
            {
                continue;
            }

            var response = await AnswerAsync(line.Line!, handler, peer, logger, cancellationToken).ConfigureAwait(false);
            await WriteAsync(output, response, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task WriteAsync(Stream stream, ControlResponse response, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(ControlJson.SerializeResponse(response), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ControlResponse> AnswerAsync(byte[] line, IControlHandler handler, PeerCredentials peer, ILogger logger, CancellationToken cancellationToken)
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

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r';
}
