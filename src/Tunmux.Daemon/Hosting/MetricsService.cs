using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Core.Host;
using Tunmux.Runtime.Controller;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Metrics.Http;
using Tunmux.Runtime.State;

namespace Tunmux.Daemon.Hosting;

/// <summary>
/// Feeds what each reconcile observed into the metrics, reads the proxy workers' connection
/// counts at each scrape, and serves the metrics for Prometheus on a loopback address.
/// </summary>
public sealed class MetricsService(
    DaemonOptions options, ControlLoop controller, TunmuxMetrics metrics, RecordStore records, IExitDriver driver, ILogger<MetricsHttpServer> logger)
    : BackgroundService
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        controller.Reconciled += Record;
        // Proxy workers publish their connection counts in files; each scrape reads the latest.
        var proxies = new ProxyConnectionMetrics(metrics, () => records.LoadProxies().Records, driver.ReadProxyConnections);
        metrics.Registry.AddRefresher(proxies.Refresh);
        if (options.MetricsEndpoint is not { } endpoint)
        {
            return;
        }

        await using var server = new MetricsHttpServer(metrics.Registry, new MetricsServerOptions { EndPoint = endpoint }, logger);
        server.Start(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await server.StopAsync().ConfigureAwait(false);
    }

    private void Record(KeyReport report)
    {
        metrics.RecordReconcile(report.Duration, report.FailureReason);
        if (report.Key == ReconcileScope.Host || report.After is not { } after)
        {
            return;
        }

        lock (_known)
        {
            var tunnel = after.Tunnels.FirstOrDefault(t => t.Record.Name == report.Key);
            if (tunnel is null)
            {
                metrics.ForgetTunnel(report.Key);
                _known.Remove(report.Key);
                return;
            }

            var facts = tunnel.Facts;
            metrics.ObserveTunnel(report.Key, facts.BrokenReason is null, facts.LatestHandshake, (ulong)Math.Max(0, facts.RxBytes), (ulong)Math.Max(0, facts.TxBytes));
            _known.Add(report.Key);
        }
    }
}
