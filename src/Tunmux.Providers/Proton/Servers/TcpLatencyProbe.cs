using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>
/// Latency as the time to open a TCP connection to the server's entry address (port 443, where
/// Proton servers accept TCP): it needs no privileges, unlike ICMP. WireGuard itself is UDP and
/// does not answer unauthenticated packets, so it cannot be timed directly.
/// </summary>
public sealed class TcpLatencyProbe(int port = 443, TimeSpan? timeout = null) : IServerLatencyProbe
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMilliseconds(800);

    public async Task<TimeSpan?> MeasureAsync(PhysicalServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!IPAddress.TryParse(server.EntryIp, out var address))
        {
            return null;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
            return watch.Elapsed;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
