using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Probing;

/// <summary>
/// Runs one active probe from inside a tunnel's namespace, whose only route is the tunnel, so a
/// probe that passes has crossed the exit and a probe can never leak past it. The whole probe
/// (name resolution, connect, and for HTTP the request and the status line) has one deadline. Every failure is an
/// outcome, never an exception: a probe that cannot run is a failed probe.
/// </summary>
internal sealed class NamespaceProber(HostPaths paths)
{
    public async Task<ProbeOutcome> ProbeAsync(string namespaceName, ProbeSettings probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        ArgumentNullException.ThrowIfNull(probe);
        var target = probe.Target;
        var destination = target.Destination;
        var namespacePath = paths.NamespaceFile(namespaceName);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(probe.Timeout);
        var resolving = destination.IsName;
        try
        {
            var address = IPAddress.TryParse(destination.Host, out var literal) ? literal : null;
            if (address is null)
            {
                var (resolved, problem) = await TunnelNameResolver.ResolveAsync(namespacePath, probe.Nameservers, destination.Host, deadline.Token).ConfigureAwait(false);
                if (resolved is null)
                {
                    return ProbeOutcome.Failed(problem);
                }

                address = resolved;
                resolving = false;
            }

            using var socket = NamespaceClientSocket.CreateTcp(namespacePath, address.AddressFamily);
            await socket.ConnectAsync(new IPEndPoint(address, destination.Port), deadline.Token).ConfigureAwait(false);
            return target is ProbeTarget.Http http
                ? await ExchangeAsync(socket, http, deadline.Token).ConfigureAwait(false)
                : ProbeOutcome.Passed("connected");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failed(resolving
                ? $"no DNS answer for {destination.Host} within {Seconds(probe.Timeout)}"
                : $"no answer within {Seconds(probe.Timeout)}");
        }
        catch (SocketException ex)
        {
            return ProbeOutcome.Failed(Describe(ex.SocketErrorCode, ex.Message));
        }
        catch (NetworkNamespaceException ex)
        {
            return ProbeOutcome.Failed(ex.Message);
        }
    }

    private static async Task<ProbeOutcome> ExchangeAsync(Socket socket, ProbeTarget.Http target, CancellationToken cancellationToken)
    {
        await socket.SendAsync(HttpProbeExchange.Request(target), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[HttpProbeExchange.MaxStatusLine];
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return ProbeOutcome.Failed(filled == 0 ? "the server closed the connection without answering" : "the answer ended inside its status line");
            }

            filled += read;
            switch (HttpProbeExchange.StatusOf(buffer.AsSpan(0, filled)))
            {
                case -1:
                    return ProbeOutcome.Failed("the answer is not HTTP");
                case { } status:
                    var text = $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
                    return HttpProbeExchange.Passes(status) ? ProbeOutcome.Passed(text) : ProbeOutcome.Failed(text);
            }
        }
    }

    private static string Describe(SocketError error, string message) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.NetworkUnreachable => "network unreachable (no route in the tunnel's namespace)",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.TimedOut => "timed out",
        _ => message,
    };

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.TotalMilliseconds % 1000 == 0
            ? $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
            : $"{span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms";
}
