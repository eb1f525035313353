using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

/// <summary>Issue #4: each scrape reads what the proxy workers published into the proxy metrics.</summary>
public sealed class ProxyConnectionMetricsTests
{
    private readonly MetricsRegistry _registry = new();
    private readonly List<ProxyRecord> _records = [];
    private readonly Dictionary<ProcessRef, (long Active, long Total)> _published = [];

    public ProxyConnectionMetricsTests()
    {
        var metrics = new TunmuxMetrics(_registry, "test");
        var proxies = new ProxyConnectionMetrics(metrics, () => _records.ToList(), record =>
            _published.TryGetValue(record.Process, out var counts) ? new ProxyConnectionCounts(record.Process, counts.Active, counts.Total) : null);
        _registry.AddRefresher(proxies.Refresh);
    }

    private static ProxyRecord Record(string name, int pid) =>
        new(name, "tunnel", "127.0.0.1:1080", null, "hash", new ProcessRef(pid, (ulong)pid), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Published_counts_are_exposed_per_proxy_in_the_prometheus_text()
    {
        _records.AddRange([Record("web", 10), Record("mail", 11)]);
        _published[new ProcessRef(10, 10)] = (3, 17);
        _published[new ProcessRef(11, 11)] = (0, 2);

        var text = PrometheusTextFormatter.Format(_registry.Collect());

        text.Should().Contain("# TYPE tunmux_proxy_connections_active gauge\n")
            .And.Contain("tunmux_proxy_connections_active{proxy=\"mail\"} 0\ntunmux_proxy_connections_active{proxy=\"web\"} 3\n")
            .And.Contain("# TYPE tunmux_proxy_connections_total counter\n")
            .And.Contain("tunmux_proxy_connections_total{proxy=\"mail\"} 2\ntunmux_proxy_connections_total{proxy=\"web\"} 17\n");
    }

    [Fact]
    public void Every_scrape_reads_the_latest_counts()
    {
        _records.Add(Record("web", 10));
        _published[new ProcessRef(10, 10)] = (1, 1);
        Scrape.Of(_registry).Value("tunmux_proxy_connections_active", ("proxy", "web")).Should().Be(1);

        _published[new ProcessRef(10, 10)] = (5, 8);

        var scraped = Scrape.Of(_registry);
        scraped.Value("tunmux_proxy_connections_active", ("proxy", "web")).Should().Be(5);
        scraped.Value("tunmux_proxy_connections_total", ("proxy", "web")).Should().Be(8);
    }

    [Fact]
    public void A_restarted_worker_does_not_take_the_total_backwards()
    {
        _records.Add(Record("web", 10));
        _published[new ProcessRef(10, 10)] = (2, 30);
        Scrape.Of(_registry);

        _records[0] = Record("web", 20);
        _published[new ProcessRef(20, 20)] = (1, 1);

        var scraped = Scrape.Of(_registry);
        scraped.Value("tunmux_proxy_connections_total", ("proxy", "web")).Should().Be(31);
        scraped.Value("tunmux_proxy_connections_active", ("proxy", "web")).Should().Be(1);
    }

    [Fact]
    public void A_worker_without_counts_shows_no_active_count_but_keeps_its_total()
    {
        _records.Add(Record("web", 10));
        _published[new ProcessRef(10, 10)] = (2, 30);
        Scrape.Of(_registry);

        _records[0] = Record("web", 20); // replaced; the new worker has not published yet

        var scraped = Scrape.Of(_registry);
        scraped.Find("tunmux_proxy_connections_active", ("proxy", "web")).Should().BeNull();
        scraped.Value("tunmux_proxy_connections_total", ("proxy", "web")).Should().Be(30);
    }

    [Fact]
    public void A_deleted_proxy_is_no_longer_exposed()
    {
        _records.AddRange([Record("web", 10), Record("mail", 11)]);
        _published[new ProcessRef(10, 10)] = (1, 1);
        _published[new ProcessRef(11, 11)] = (1, 1);
        Scrape.Of(_registry);

        _records.RemoveAt(0);

        Scrape.Of(_registry).Samples.Where(s => s.Labels.ContainsKey("proxy")).Should().OnlyContain(s => s.Labels["proxy"] == "mail");
    }

    [Fact]
    public void A_state_dir_that_cannot_be_read_leaves_the_last_values()
    {
        var failing = false;
        var registry = new MetricsRegistry();
        var metrics = new TunmuxMetrics(registry, "test");
        var proxies = new ProxyConnectionMetrics(metrics, () => failing ? throw new IOException("gone") : [Record("web", 10)],
            record => new ProxyConnectionCounts(record.Process, 4, 4));
        registry.AddRefresher(proxies.Refresh);
        Scrape.Of(registry);

        failing = true;

        Scrape.Of(registry).Value("tunmux_proxy_connections_active", ("proxy", "web")).Should().Be(4);
    }
}
