namespace Tunmux.Daemon.Metrics;

/// <summary>Anything the registry can read at scrape time.</summary>
public interface IMetricCollector
{
    string Name { get; }

    MetricType Type { get; }

    /// <summary>Reads the current values (evaluating callbacks) into one family.</summary>
    MetricFamily Collect();
}
