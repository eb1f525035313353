using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

public sealed class TunmuxMetricsTests
{
    private static readonly DateTimeOffset _start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly MetricsRegistry _registry = new();
    private readonly ManualTime _time = new(_start);
    private readonly TunmuxMetrics _metrics;

    public TunmuxMetricsTests() => _metrics = new TunmuxMetrics(_registry, "1.2.3", _time);

    [Fact]
    public void The_metric_set_uses_the_documented_names_and_types()
    {
        _metrics.ObserveTunnel("home", true, _start, 1, 2);
        _metrics.ObserveProxy("home-proxy", 1, 1);
        _metrics.RecordReconcile(TimeSpan.FromSeconds(1), "ApplyFailed");

        var types = Scrape.Of(_registry).Families.ToDictionary(family => family.Name, family => family.Type);

        types.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["tunmux_build_info"] = "gauge",
            ["tunmux_proxy_connections_active"] = "gauge",
            ["tunmux_proxy_connections_total"] = "counter",
            ["tunmux_reconcile_duration_seconds"] = "histogram",
            ["tunmux_reconcile_errors_total"] = "counter",
            ["tunmux_tunnel_handshake_age_seconds"] = "gauge",
            ["tunmux_tunnel_receive_bytes_total"] = "counter",
            ["tunmux_tunnel_transmit_bytes_total"] = "counter",
            ["tunmux_tunnel_up"] = "gauge",
        });
    }

    [Fact]
    public void Build_info_is_one_with_the_version_as_a_label()
    {
        Scrape.Of(_registry).Value("tunmux_build_info", ("version", "1.2.3")).Should().Be(1);
    }

    [Fact]
    public void An_observed_tunnel_exposes_its_state_and_byte_totals()
    {
        _metrics.ObserveTunnel("home", up: true, _start, receiveBytes: 1500, transmitBytes: 900);
        _metrics.ObserveTunnel("work", up: false, null, receiveBytes: 0, transmitBytes: 0);

        var scraped = Scrape.Of(_registry);

        scraped.Value("tunmux_tunnel_up", ("tunnel", "home")).Should().Be(1);
        scraped.Value("tunmux_tunnel_up", ("tunnel", "work")).Should().Be(0);
        scraped.Value("tunmux_tunnel_receive_bytes_total", ("tunnel", "home")).Should().Be(1500);
        scraped.Value("tunmux_tunnel_transmit_bytes_total", ("tunnel", "home")).Should().Be(900);
    }

    [Fact]
    public void Handshake_age_is_computed_at_scrape_time_and_keeps_growing()
    {
        _metrics.ObserveTunnel("home", true, _start - TimeSpan.FromSeconds(10), 0, 0);

        var first = Scrape.Of(_registry).Value("tunmux_tunnel_handshake_age_seconds", ("tunnel", "home"));
        _time.Advance(TimeSpan.FromSeconds(30));
        var later = Scrape.Of(_registry).Value("tunmux_tunnel_handshake_age_seconds", ("tunnel", "home"));

        (first, later).Should().Be((10.0, 40.0));
    }

    [Fact]
    public void A_tunnel_without_a_handshake_has_no_age_sample()
    {
        _metrics.ObserveTunnel("home", true, _start, 0, 0);

        _metrics.ObserveTunnel("home", false, null, 0, 0);

        Scrape.Of(_registry).Find("tunmux_tunnel_handshake_age_seconds", ("tunnel", "home")).Should().BeNull();
    }

    [Fact]
    public void Forgetting_a_tunnel_removes_all_its_series_and_keeps_the_others()
    {
        _metrics.ObserveTunnel("home", true, _start, 1, 1);
        _metrics.ObserveTunnel("work", true, _start, 2, 2);

        _metrics.ForgetTunnel("home");

        var tunnels = Scrape.Of(_registry).Samples.Where(sample => sample.Labels.ContainsKey("tunnel")).ToList();
        tunnels.Should().HaveCount(4).And.OnlyContain(sample => sample.Labels["tunnel"] == "work");
    }

    [Fact]
    public void Proxy_counts_can_be_mirrored_or_counted_here()
    {
        _metrics.ObserveProxy("mirrored", activeConnections: 3, totalConnections: 40);
        _metrics.ProxyConnectionOpened("local");
        _metrics.ProxyConnectionOpened("local");
        _metrics.ProxyConnectionClosed("local");

        var scraped = Scrape.Of(_registry);

        scraped.Value("tunmux_proxy_connections_active", ("proxy", "mirrored")).Should().Be(3);
        scraped.Value("tunmux_proxy_connections_total", ("proxy", "mirrored")).Should().Be(40);
        scraped.Value("tunmux_proxy_connections_active", ("proxy", "local")).Should().Be(1);
        scraped.Value("tunmux_proxy_connections_total", ("proxy", "local")).Should().Be(2);
    }

    [Fact]
    public void Forgetting_a_proxy_removes_its_series()
    {
        _metrics.ObserveProxy("gone", 1, 1);

        _metrics.ForgetProxy("gone");

        Scrape.Of(_registry).Samples.Should().NotContain(sample => sample.Labels.ContainsKey("proxy"));
    }

    [Fact]
    public void Reconciles_are_timed_and_failures_counted_by_reason()
    {
        _metrics.RecordReconcile(TimeSpan.FromMilliseconds(20));
        _metrics.RecordReconcile(TimeSpan.FromSeconds(3), "ProviderUnreachable");
        _metrics.RecordReconcile(TimeSpan.FromSeconds(4), "ProviderUnreachable");

        var scraped = Scrape.Of(_registry);

        scraped.Value("tunmux_reconcile_duration_seconds_count").Should().Be(3);
        scraped.Value("tunmux_reconcile_duration_seconds_bucket", ("le", "0.025")).Should().Be(1);
        scraped.Value("tunmux_reconcile_duration_seconds_sum").Should().BeApproximately(7.02, 1e-9);
        scraped.Value("tunmux_reconcile_errors_total", ("reason", "ProviderUnreachable")).Should().Be(2);
        scraped.Family("tunmux_reconcile_errors_total").Samples.Should().HaveCount(1);
    }
}
