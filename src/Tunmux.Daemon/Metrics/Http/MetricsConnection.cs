using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tunmux.Daemon.Metrics.Http;

/// <summary>One connection: read a bounded request head within the deadline, answer, close.</summary>
internal sealed class MetricsConnection(MetricsRegistry registry, MetricsServerOptions options, ILogger logger)
{
    // After answering, wait this long at most for the client to close, so unread request bytes
    // do not make the kernel reset the connection before the client has read the answer.
    private static readonly TimeSpan _lingerLimit = TimeSpan.FromSeconds(1);

    public async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(options.RequestTimeout);
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var (status, head) = await RequestHeadReader.ReadAsync(stream, options.MaxRequestHeadBytes, deadline.Token).ConfigureAwait(false);
            if (status == RequestHeadStatus.ClosedEarly)
            {
                MetricsServerLog.ConnectionEnded(logger, "client closed before finishing its request");
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
            MetricsServerLog.ConnectionEnded(logger, stopping.IsCancellationRequested ? "server stopping" : "request timed out");
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            MetricsServerLog.ConnectionEnded(logger, exception.Message);
        }
        finally
        {
            socket.Dispose();
        }
    }

    private HttpResponse Respond(HttpRequestHead? request)
    {
        try
        {
            return MetricsEndpoint.Respond(request, () => PrometheusTextFormatter.Format(registry.Collect()), options.Ready);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A throwing gauge function must not take the endpoint down; the scrape fails visibly instead.
            MetricsServerLog.RenderFailed(logger, exception);
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
