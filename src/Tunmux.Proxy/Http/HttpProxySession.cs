using System.Globalization;
using System.Text;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Http;

/// <summary>
/// One client connection to the HTTP proxy: a loop over requests (keep-alive and pipelining),
/// each either a CONNECT tunnel (which ends the loop) or a forwarded absolute-form request.
/// </summary>
internal sealed class HttpProxySession(ConnectionContext context)
{
    private static readonly TimeSpan LingerLimit = TimeSpan.FromSeconds(2);
    private static readonly byte[] ConnectionEstablished = "HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray();

    private readonly BufferedSocketReader _client = new(context.Client);
    private UpstreamConnection? _upstream;
    private bool _lingerOnClose;

    private int MaxHead => context.Options.MaxHttpHeaderBytes;

    /// <summary>The tunnel to relay after a successful CONNECT (which ends the request loop); null when the connection is over.</summary>
    public async Task<TunnelHandoff?> RunAsync()
    {
        TunnelHandoff? tunnel = null;
        try
        {
            for (var first = true; ; first = false)
            {
                var request = await ReadRequestAsync(first).ConfigureAwait(false);
                if (request is null)
                {
                    break;
                }

                bool keepAlive;
                if (request.IsConnect)
                {
                    (keepAlive, tunnel) = await TunnelAsync(request).ConfigureAwait(false);
                }
                else
                {
                    keepAlive = await ForwardAsync(request).ConfigureAwait(false);
                }

                if (!keepAlive)
                {
                    break;
                }
            }
        }
        finally
        {
            _upstream?.Dispose();
            if (tunnel is null)
            {
                _client.Dispose();
            }
        }

        if (_lingerOnClose && tunnel is null)
        {
            await context.Client.LingeringCloseAsync(LingerLimit).ConfigureAwait(false);
        }

        return tunnel;
    }

    /// <summary>The next request head, or null when the connection should close (answered errors included).</summary>
    private async Task<HttpRequestHead?> ReadRequestAsync(bool first)
    {
        if (!first && _client.BufferedCount == 0 && !await WaitForNextRequestAsync().ConfigureAwait(false))
        {
            return null;
        }

        (HeadReadStatus Status, byte[] Head) read;
        using (var deadline = new Deadline(context.Options.HandshakeTimeout, context.Aborted))
        {
            try
            {
                read = await HttpHeadReader.ReadAsync(_client, MaxHead, deadline.Token, dataExpected: first).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.Expired)
            {
                if (_client.BufferedCount > 0)
                {
                    await RejectAsync(HttpErrorResponses.RequestTimeout(), ProxyOutcome.HandshakeTimeout).ConfigureAwait(false);
                }

                return null;
            }
        }

        switch (read.Status)
        {
            case HeadReadStatus.Closed:
                return null;
            case HeadReadStatus.Truncated:
                LogRejected(ProxyOutcome.ClosedEarly);
                return null;
            case HeadReadStatus.TooLarge:
                await RejectAsync(HttpErrorResponses.HeaderTooLarge(), ProxyOutcome.HeaderTooLarge).ConfigureAwait(false);
                return null;
        }

        var error = HttpHeadParser.TryParseRequest(read.Head, out var request);
        if (error == HeadParseError.UnsupportedVersion)
        {
            await RejectAsync(HttpErrorResponses.VersionNotSupported(), ProxyOutcome.BadVersion).ConfigureAwait(false);
            return null;
        }

        if (error != HeadParseError.None)
        {
            await RejectAsync(HttpErrorResponses.BadRequest("malformed request head"), ProxyOutcome.BadRequest).ConfigureAwait(false);
            return null;
        }

        return request;
    }

    /// <summary>Between requests: wait for the first byte of the next one, unless idle or draining.</summary>
    private async Task<bool> WaitForNextRequestAsync()
    {
        if (context.Draining.IsCancellationRequested)
        {
            return false;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Draining, context.Aborted);
        using var idle = new IdleWatchdog(context.Options.IdleTimeout, stop.Token);
        try
        {
            return await _client.FillAsync(MaxHead, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Whether to keep reading requests, and the tunnel when the CONNECT succeeded.</summary>
    private async Task<(bool KeepAlive, TunnelHandoff? Tunnel)> TunnelAsync(HttpRequestHead request)
    {
        var record = context.NewRecord("http-connect");
        TunnelHandoff? tunnel = null;
        try
        {
            if (!HttpTargets.TryParseAuthority(request.Target, 443, out var host, out var port))
            {
                record.Result = ProxyOutcome.BadRequest;
                await SendFinalAsync(HttpErrorResponses.BadRequest("CONNECT needs host:port")).ConfigureAwait(false);
                return (false, null);
            }

            var target = ProxyTarget.ForHost(host, port);
            record.Target = target;
            if (!ProxyBasicAuth.IsAuthorized(request.Headers, context.Options.Credentials))
            {
                record.Result = ProxyOutcome.AuthFailed;
                var keepAlive = request.WantsKeepAlive && !context.Draining.IsCancellationRequested;
                await SendAsync(HttpErrorResponses.ProxyAuthRequired(keepAlive), lingerIfClosing: !keepAlive).ConfigureAwait(false);
                return (keepAlive, null);
            }

            var connected = await context.Connector.ConnectAsync(target, context.Aborted).ConfigureAwait(false);
            if (connected.Socket is null)
            {
                record.Result = OutboundFailures.Outcome(connected.Failure);
                await SendFinalAsync(GatewayError(connected.Failure, target.ToString(), keepAlive: false)).ConfigureAwait(false);
                return (false, null);
            }

            var outbound = connected.Socket;
            try
            {
                await context.Client.SendAllAsync(ConnectionEstablished, context.Aborted).ConfigureAwait(false);
            }
            catch
            {
                outbound.Dispose();
                throw;
            }

            tunnel = new TunnelHandoff(outbound, _client, record);
            return (false, tunnel);
        }
        finally
        {
            if (tunnel is null)
            {
                record.Complete();
            }
        }
    }

    private async Task<bool> ForwardAsync(HttpRequestHead request)
    {
        var record = context.NewRecord("http");
        record.Detail = request.Method;
        try
        {
            var target = HttpTargets.ParseAbsolute(request.Target);
            if (target is null)
            {
                record.Result = ProxyOutcome.BadRequest;
                await SendFinalAsync(HttpErrorResponses.BadRequest("a proxy request needs an absolute http:// URI")).ConfigureAwait(false);
                return false;
            }

            var proxyTarget = ProxyTarget.ForHost(target.Host, target.Port);
            record.Target = proxyTarget;
            var framing = BodyFraming.ForRequest(request.Headers);
            if (framing is null)
            {
                record.Result = ProxyOutcome.BadRequest;
                await SendFinalAsync(HttpErrorResponses.BadRequest("conflicting or unsupported body framing")).ConfigureAwait(false);
                return false;
            }

            var clientKeepAlive = request.WantsKeepAlive && !context.Draining.IsCancellationRequested;
            if (!ProxyBasicAuth.IsAuthorized(request.Headers, context.Options.Credentials))
            {
                record.Result = ProxyOutcome.AuthFailed;
                var keepAlive = clientKeepAlive && framing.Value.Kind == BodyKind.None;
                await SendAsync(HttpErrorResponses.ProxyAuthRequired(keepAlive), lingerIfClosing: !keepAlive).ConfigureAwait(false);
                return keepAlive;
            }

            var exchange = new HttpExchange(context, _client, request, target, proxyTarget, framing.Value, clientKeepAlive, record);
            var outcome = await exchange.RunAsync(_upstream).ConfigureAwait(false);
            _upstream = outcome.Upstream;
            if (outcome.ErrorResponse is not null)
            {
                await SendAsync(outcome.ErrorResponse, lingerIfClosing: !outcome.ClientKeepAlive).ConfigureAwait(false);
            }

            // Pipelined requests may still be unread; closing over them would reset the connection under the response.
            _lingerOnClose |= !outcome.ClientKeepAlive;
            return outcome.ClientKeepAlive;
        }
        finally
        {
            record.Complete();
        }
    }

    internal static byte[] GatewayError(OutboundFailure failure, string target, bool keepAlive) =>
        failure == OutboundFailure.TimedOut
            ? HttpErrorResponses.GatewayTimeout(target, keepAlive)
            : HttpErrorResponses.BadGateway(target, failure switch
            {
                OutboundFailure.ConnectionRefused => "connection refused",
                OutboundFailure.NameNotResolved => "name not resolved",
                OutboundFailure.HostUnreachable => "host unreachable",
                OutboundFailure.NetworkUnreachable => "network unreachable",
                OutboundFailure.NotAllowed => "not allowed",
                _ => "connection failed",
            }, keepAlive);

    private async Task RejectAsync(byte[] response, ProxyOutcome result)
    {
        LogRejected(result);
        await SendFinalAsync(response).ConfigureAwait(false);
    }

    private void LogRejected(ProxyOutcome result)
    {
        var record = context.NewRecord("http");
        record.Result = result;
        record.Complete();
    }

    private Task SendFinalAsync(byte[] response) => SendAsync(response, lingerIfClosing: true);

    private async Task SendAsync(byte[] response, bool lingerIfClosing)
    {
        _lingerOnClose |= lingerIfClosing;
        await context.Client.SendAllAsync(response, context.Aborted).ConfigureAwait(false);
    }

    /// <summary>Status line and headers, as bytes; header values are Latin-1 as received.</summary>
    internal static byte[] SerializeHead(string startLine, HttpHeaders headers)
    {
        var text = new StringBuilder(startLine).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    internal static string StatusLine(int code, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {code} {reason}");
}
