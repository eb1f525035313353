using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Tests.Udp;

/// <summary>
/// A real DNS server for the tests: dnsmasq in the foreground on 127.0.0.1 and an ephemeral port,
/// answering one made-up zone from its command line and nothing else (no upstream, no hosts file).
/// Disposing kills it through its own process handle.
/// </summary>
internal sealed class DnsmasqServer : IAsyncDisposable
{
    private readonly Process _process;

    private DnsmasqServer(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Starts dnsmasq answering every name under <paramref name="zone"/> with <paramref name="address"/>.</summary>
    public static async Task<DnsmasqServer> StartAsync(string zone, IPAddress address)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, FreeUdpPort());
            var process = Process.Start(new ProcessStartInfo("dnsmasq")
            {
                ArgumentList =
                {
                    "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
                    "--bind-interfaces", "--listen-address=127.0.0.1", $"--port={endPoint.Port}", "--pid-file",
                    $"--address=/{zone}/{address}",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("dnsmasq did not start");
            var server = new DnsmasqServer(process, endPoint);
            if (await server.AnswersAsync(zone, TimeSpan.FromSeconds(10)))
            {
                return server;
            }

            var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer";
            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"dnsmasq did not come up on 127.0.0.1:{endPoint.Port}: {error}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    /// <summary>Polls with direct queries until one is answered (or the server died, or time ran out).</summary>
    private async Task<bool> AnswersAsync(string zone, TimeSpan limit)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[512];
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !_process.HasExited)
        {
            await udp.SendToAsync(DnsMessage.QueryA(1, "ready." + zone), EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                // Port unreachable while dnsmasq is still binding.
                await Task.Delay(50);
            }
        }

        return false;
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
