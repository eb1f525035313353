namespace Tunmux.Daemon.Metrics;

/// <summary>
/// One exposition line. <paramref name="Name"/> is the family name, or for histograms the family
/// name plus <c>_bucket</c>, <c>_sum</c> or <c>_count</c>.
/// </summary>
public sealed record MetricSample(string Name, IReadOnlyList<MetricLabel> Labels, double Value);
