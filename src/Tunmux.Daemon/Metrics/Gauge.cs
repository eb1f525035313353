namespace Tunmux.Daemon.Metrics;

/// <summary>A value that goes up and down, set directly or computed at scrape time.</summary>
public sealed class Gauge : Collector<GaugeChild>
{
    internal Gauge(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames, [])
    {
    }

    public override MetricType Type => MetricType.Gauge;

    private protected override GaugeChild CreateChild() => new();

    private protected override void AppendSamples(GaugeChild child, IReadOnlyList<MetricLabel> labels, List<MetricSample> samples) =>
        samples.Add(new MetricSample(Name, labels, child.Value));
}
