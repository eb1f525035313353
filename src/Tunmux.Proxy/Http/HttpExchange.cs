using System.Globalization;
using System.Net.Sockets;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Http;

/// <summary>
/// One forwarded absolute-form request. The request body streams to the origin while the response
/// is read, so "Expect: 100-continue" and early origin answers work without deadlock.
/// </summary>
internal sealed class HttpExchange(
    ConnectionContext context,
    BufferedSocketReader client,
    HttpRequestHead request,
    AbsoluteTarget target,
    ProxyTarget proxyTarget,
    BodyFraming requestFraming,
    bool clientKeepAlive,
    AccessRecord record)
{
    private bool ClientIsHttp11 => request.Minor >= 1;

    private bool CanKeepClientAfterError => clientKeepAlive && requestFraming.Kind == BodyKind.None;

    public async Task<ExchangeOutcome> RunAsync(UpstreamConnection? upstream)
    {
        var key = $"{target.Host.ToLowerInvariant()}:{target.Port.ToString(CultureInfo.InvariantCulture)}";
        if (upstream is not null && upstream.Key != key)
        {
            upstream.Dispose();
            upstream = null;
        }

        using var watchdog = new IdleWatchdog(context.Options.IdleTimeout, context.Aborted);
        var head = BuildUpstreamHead();
        for (var attempt = 0; ; attempt++)
        {
            if (upstream is null)
            {
                var connected = await context.Connector.ConnectAsync(proxyTarget, context.Aborted).ConfigureAwait(false);
                if (connected.Socket is null)
                {
                    record.Result = OutboundFailures.Outcome(connected.Failure);
                    return new ExchangeOutcome(null, CanKeepClientAfterError,
                        HttpProxySession.GatewayError(connected.Failure, proxyTarget.ToString(), CanKeepClientAfterError));
                }

                upstream = new UpstreamConnection(connected.Socket, key);
            }

            // A kept-alive origin connection may have been closed by the origin just now: one quiet retry on a fresh
            // connection, and only when nothing of the request body could have been consumed.
            var retryable = upstream.Reused && attempt == 0 && requestFraming.Kind == BodyKind.None;
            upstream.Reused = true;
            var outcome = await ExchangeOnceAsync(upstream, head, retryable, watchdog).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            upstream.Dispose();
            upstream = null;
        }
    }

    /// <summary>Null means "retry on a fresh connection".</summary>
    private async Task<ExchangeOutcome?> ExchangeOnceAsync(UpstreamConnection upstream, byte[] head, bool retryable, IdleWatchdog watchdog)
    {
        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(watchdog.Token);
        Task<long> body = Task.FromResult(0L);
        var responseStarted = false;
        try
        {
            await upstream.Socket.SendAllAsync(head, exchange.Token).ConfigureAwait(false);
            body = SendRequestBodyAsync(upstream, watchdog, exchange);
            var response = await ReadFinalResponseAsync(upstream, exchange.Token).ConfigureAwait(false);
            if (response.Head is null)
            {
                if (response.Closed && retryable)
                {
                    return null;
                }

                record.Result = ProxyOutcome.BadUpstream;
                upstream.Dispose();
                return new ExchangeOutcome(null, false, HttpErrorResponses.BadGateway(proxyTarget.ToString(), response.Error, keepAlive: false));
            }

            responseStarted = true;
            return await RelayFinalResponseAsync(upstream, response.Head, body, watchdog, exchange).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            if (retryable && !responseStarted && e is SocketException && body.IsCompletedSuccessfully)
            {
                return null;
            }

            upstream.Dispose();
            await exchange.CancelAsync().ConfigureAwait(false);
            await ObserveAsync(body).ConfigureAwait(false);
            if (responseStarted || body.IsFaulted || context.Aborted.IsCancellationRequested)
            {
                // Part of a response already went out, or the client broke its own request: nothing sensible to answer.
                record.Result = body.IsFaulted ? ProxyOutcome.ClientError : watchdog.Expired ? ProxyOutcome.IdleTimeout : ProxyOutcome.UpstreamError;
                return new ExchangeOutcome(null, false, null);
            }

            record.Result = watchdog.Expired ? ProxyOutcome.Timeout : ProxyOutcome.UpstreamError;
            return new ExchangeOutcome(null, false, watchdog.Expired
                ? HttpErrorResponses.GatewayTimeout(proxyTarget.ToString(), keepAlive: false)
                : HttpErrorResponses.BadGateway(proxyTarget.ToString(), "connection to the origin failed", keepAlive: false));
        }
    }

    private async Task<long> SendRequestBodyAsync(UpstreamConnection upstream, IdleWatchdog watchdog, CancellationTokenSource exchange)
    {
        if (requestFraming.Kind == BodyKind.None)
        {
            return 0;
        }

        try
        {
            var forwarder = new BodyForwarder(context.Options.RelayBufferBytes, context.Options.MaxHttpHeaderBytes, watchdog);
            var sent = await forwarder.CopyAsync(client, upstream.Socket, requestFraming, dechunk: false, exchange.Token).ConfigureAwait(false);
            record.BytesUp = sent;
            return sent;
        }
        catch
        {
            // Stop waiting for a response to a request that can no longer be completed.
            await exchange.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(HttpResponseHead? Head, bool Closed, string Error)> ReadFinalResponseAsync(UpstreamConnection upstream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (status, bytes) = await HttpHeadReader.ReadAsync(upstream.Reader, context.Options.MaxHttpHeaderBytes, cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case HeadReadStatus.Closed:
                    return (null, true, "the origin closed the connection without answering");
                case HeadReadStatus.Truncated:
                    return (null, false, "the origin's response head was cut short");
                case HeadReadStatus.TooLarge:
                    return (null, false, "the origin's response head is too large");
            }

            if (HttpHeadParser.TryParseResponse(bytes, out var response) != HeadParseError.None)
            {
                return (null, false, "the origin sent a malformed response");
            }

            if (response!.StatusCode >= 200)
            {
                return (response, false, "");
            }

            if (response.StatusCode == 101)
            {
                // Upgrade is removed from requests, so a switch was never asked for.
                return (null, false, "the origin switched protocols unasked");
            }

            // Interim responses (100 Continue, 103 Early Hints) mean nothing to an HTTP/1.0 client.
            if (ClientIsHttp11)
            {
                var interim = HopByHopHeaders.Strip(response.Headers);
                await context.Client.SendAllAsync(HttpProxySession.SerializeHead(HttpProxySession.StatusLine(response.StatusCode, response.Reason), interim), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ExchangeOutcome> RelayFinalResponseAsync(UpstreamConnection upstream, HttpResponseHead response, Task<long> body,
        IdleWatchdog watchdog, CancellationTokenSource exchange)
    {
        var cancellationToken = exchange.Token;
        var framing = BodyFraming.ForResponse(request.Method, response.StatusCode, response.Headers);
        if (framing is null)
        {
            record.Result = ProxyOutcome.BadUpstream;
            upstream.Dispose();
            await exchange.CancelAsync().ConfigureAwait(false);
            await ObserveAsync(body).ConfigureAwait(false);
            return new ExchangeOutcome(null, false, HttpErrorResponses.BadGateway(proxyTarget.ToString(), "the origin sent an invalid Content-Length", keepAlive: false));
        }

        var kind = framing.Value.Kind;
        var dechunk = kind == BodyKind.Chunked && !ClientIsHttp11;
        var keepClient = clientKeepAlive && kind != BodyKind.UntilClose && !dechunk
            && body.IsCompletedSuccessfully && !context.Draining.IsCancellationRequested;
        var headers = HopByHopHeaders.Strip(response.Headers);
        AddFraming(headers, response, framing.Value, dechunk);
        headers.Add("Connection", keepClient ? "keep-alive" : "close");

        await context.Client.SendAllAsync(HttpProxySession.SerializeHead(HttpProxySession.StatusLine(response.StatusCode, response.Reason), headers), cancellationToken).ConfigureAwait(false);
        var forwarder = new BodyForwarder(context.Options.RelayBufferBytes, context.Options.MaxHttpHeaderBytes, watchdog);
        record.BytesDown = await forwarder.CopyAsync(upstream.Reader, context.Client, framing.Value, dechunk, cancellationToken).ConfigureAwait(false);
        record.Detail = string.Create(CultureInfo.InvariantCulture, $"{request.Method} {response.StatusCode}");

        var reuseUpstream = response.AllowsReuse && kind != BodyKind.UntilClose;
        if (!body.IsCompleted)
        {
            // The origin answered without reading the whole request body; neither connection is in a known state.
            keepClient = false;
            reuseUpstream = false;
            upstream.Dispose();
            await exchange.CancelAsync().ConfigureAwait(false);
        }

        var bodyOk = await ObserveAsync(body).ConfigureAwait(false);
        record.Result = bodyOk ? ProxyOutcome.Ok : ProxyOutcome.ClientError;
        if (!bodyOk || !reuseUpstream)
        {
            upstream.Dispose();
            return new ExchangeOutcome(null, keepClient && bodyOk, null);
        }

        return new ExchangeOutcome(upstream, keepClient, null);
    }

    private static void AddFraming(HttpHeaders headers, HttpResponseHead response, BodyFraming framing, bool dechunk)
    {
        var codings = response.Headers.Tokens("Transfer-Encoding");
        switch (framing.Kind)
        {
            case BodyKind.None when response.StatusCode == 304 || response.StatusCode >= 200 && response.StatusCode != 204:
                // HEAD and 304 describe the body they did not send.
                if (BodyFraming.TryParseLength(response.Headers, out var described))
                {
                    headers.Add("Content-Length", described.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case BodyKind.Length:
                headers.Add("Content-Length", framing.Length.ToString(CultureInfo.InvariantCulture));
                break;
            case BodyKind.Chunked when !dechunk:
            case BodyKind.UntilClose when codings.Count > 0:
                headers.Add("Transfer-Encoding", string.Join(", ", codings));
                break;
        }
    }

    private byte[] BuildUpstreamHead()
    {
        var headers = new HttpHeaders();
        headers.Add("Host", target.Authority);
        foreach (var (name, value) in HopByHopHeaders.Strip(request.Headers))
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(name, value);
            }
        }

        if (requestFraming.Kind == BodyKind.Length)
        {
            headers.Add("Content-Length", requestFraming.Length.ToString(CultureInfo.InvariantCulture));
        }
        else if (requestFraming.Kind == BodyKind.Chunked)
        {
            headers.Add("Transfer-Encoding", "chunked");
        }

        return HttpProxySession.SerializeHead($"{request.Method} {target.PathAndQuery} HTTP/1.1", headers);
    }

    /// <summary>Waits for the body task and reports whether it succeeded, without throwing.</summary>
    private static async Task<bool> ObserveAsync(Task<long> body)
    {
        try
        {
            await body.ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            return false;
        }
    }
}
