using Tunmux.Core.Observed;
using Tunmux.Core.State;

namespace Tunmux.Daemon.Metrics;

/// <summary>
/// Fills tunmux_proxy_connections_active and _total at scrape time from the counts each proxy
/// worker publishes (its workers are separate processes): the recorded proxies are listed, each
/// one's counts read, and proxies no longer recorded stop being exposed. Reading goes through the
/// functions given, so this class does no I/O of its own.
/// </summary>
public sealed class ProxyConnectionMetrics(
    TunmuxMetrics metrics,
    Func<IReadOnlyList<ProxyRecord>> recordedProxies,
    Func<ProxyRecord, ProxyConnectionCounts?> readCounts)
{
    private readonly Lock _lock = new();
    private readonly ProxyConnectionTotals _totals = new();
    private readonly HashSet<string> _exposed = new(StringComparer.Ordinal);

    /// <summary>Reads every recorded proxy's counts into the metrics; safe to call from concurrent scrapes.</summary>
    public void Refresh()
    {
        IReadOnlyList<ProxyRecord> records;
        try
        {
            records = recordedProxies();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The state dir could not be read this time: keep what the last scrape showed.
            return;
        }

        lock (_lock)
        {
            foreach (var record in records)
            {
                Observe(record);
            }

            var current = records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _exposed.Where(name => !current.Contains(name)).ToList())
            {
                metrics.ForgetProxy(gone);
                _exposed.Remove(gone);
            }

            _totals.RetainOnly(current);
        }
    }

    private void Observe(ProxyRecord record)
    {
        ProxyConnectionCounts? counts;
        try
        {
            counts = readCounts(record);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            counts = null;
        }

        if (counts is null)
        {
            // Unknown now (a worker that has not published yet, or an older one that never does):
            // show no active count rather than a wrong one; the total stays where it was.
            metrics.ProxyConnectionsActive.Remove(record.Name);
            return;
        }

        metrics.ObserveProxy(record.Name, counts.Active, (ulong)_totals.Add(record.Name, counts));
        _exposed.Add(record.Name);
    }
}
