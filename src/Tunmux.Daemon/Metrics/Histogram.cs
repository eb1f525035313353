namespace Tunmux.Daemon.Metrics;

/// <summary>
/// Observations counted into cumulative buckets; exposed as <c>_bucket{le="..."}</c> (ending
/// with <c>le="+Inf"</c>), <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class Histogram : Collector<HistogramChild>
{
    /// <summary>The Prometheus client default, suited to durations in seconds.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly double[] _upperBounds;
    private readonly string[] _leValues;

    internal Histogram(string name, string help, IReadOnlyList<double>? buckets, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames, ["le"])
    {
        _upperBounds = ValidBounds(buckets ?? DefaultBuckets);
        _leValues = [.. _upperBounds.Select(PrometheusFloat.Format), PrometheusFloat.Format(double.PositiveInfinity)];
    }

    public override MetricType Type => MetricType.Histogram;

    /// <summary>The finite upper bounds; +Inf is always added after them.</summary>
    public IReadOnlyList<double> UpperBounds => _upperBounds;

    private protected override HistogramChild CreateChild() => new(_upperBounds);

    private protected override void AppendSamples(HistogramChild child, IReadOnlyList<MetricLabel> labels, List<MetricSample> samples)
    {
        var counts = child.ReadCounts();
        var sum = child.Sum;
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            samples.Add(new MetricSample(Name + "_bucket", [.. labels, new MetricLabel("le", _leValues[i])], cumulative));
        }

        samples.Add(new MetricSample(Name + "_sum", labels, sum));
        // The count is the +Inf bucket read above, so the two always agree within one scrape.
        samples.Add(new MetricSample(Name + "_count", labels, cumulative));
    }

    private static double[] ValidBounds(IReadOnlyList<double> buckets)
    {
        var bounds = buckets.ToList();
        if (bounds.Count > 0 && double.IsPositiveInfinity(bounds[^1]))
        {
            bounds.RemoveAt(bounds.Count - 1);
        }

        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                throw new ArgumentException($"Bucket bound {PrometheusFloat.Format(bounds[i])} is not finite (only a last +Inf is allowed).", nameof(buckets));
            }

            if (i > 0 && !(bounds[i] > bounds[i - 1]))
            {
                throw new ArgumentException("Bucket bounds must be strictly increasing.", nameof(buckets));
            }
        }

        return [.. bounds];
    }
}
