namespace Tunmux.Daemon.Metrics;

/// <summary>A cumulative count; by convention its name ends in <c>_total</c>.</summary>
public sealed class Counter : Collector<CounterChild>
{
    internal Counter(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames, [])
    {
    }

    public override MetricType Type => MetricType.Counter;

    private protected override CounterChild CreateChild() => new();

    private protected override void AppendSamples(CounterChild child, IReadOnlyList<MetricLabel> labels, List<MetricSample> samples) =>
        samples.Add(new MetricSample(Name, labels, child.Value));
}
