namespace Tunmux.Daemon.Metrics;

/// <summary>A metric at scrape time: its name, help, type and samples, already in exposition order.</summary>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSample> Samples);
