namespace Tunmux.Daemon.Metrics;

/// <summary>The metric types of the Prometheus text format that tunmux exposes.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
