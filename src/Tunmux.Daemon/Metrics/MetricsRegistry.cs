namespace Tunmux.Daemon.Metrics;

/// <summary>
/// The set of metrics one endpoint exposes. Creating a metric is rare and takes a lock; updating
/// one never touches the registry. <see cref="Collect"/> reads everything, ordered by name.
/// </summary>
public sealed class MetricsRegistry
{
    private static readonly string[] _histogramSuffixes = ["_bucket", "_sum", "_count"];

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, IMetricCollector> _collectors = new(StringComparer.Ordinal);
    private readonly List<Action> _refreshers = [];

    public Counter CreateCounter(string name, string help, params string[] labelNames) =>
        Add(new Counter(name, help, labelNames));

    public Gauge CreateGauge(string name, string help, params string[] labelNames) =>
        Add(new Gauge(name, help, labelNames));

    /// <param name="buckets">Finite, strictly increasing upper bounds; null for <see cref="Histogram.DefaultBuckets"/>.</param>
    public Histogram CreateHistogram(string name, string help, IReadOnlyList<double>? buckets, params string[] labelNames) =>
        Add(new Histogram(name, help, buckets, labelNames));

    /// <summary>Adds a collector written elsewhere; its name must be unused.</summary>
    public T Add<T>(T collector)
        where T : IMetricCollector
    {
        ArgumentNullException.ThrowIfNull(collector);
        lock (_lock)
        {
            var taken = _collectors.Values.SelectMany(NamesOf).ToHashSet(StringComparer.Ordinal);
            if (NamesOf(collector).FirstOrDefault(taken.Contains) is { } clash)
            {
                throw new InvalidOperationException($"A metric named '{clash}' is already registered.");
            }

            _collectors.Add(collector.Name, collector);
            return collector;
        }
    }

    public bool Remove(string name)
    {
        lock (_lock)
        {
            return _collectors.Remove(name);
        }
    }

    /// <summary>
    /// Runs <paramref name="refresh"/> at the start of every <see cref="Collect"/>, for values read
    /// from elsewhere at scrape time (e.g. counts other processes publish). It runs on the scraping
    /// thread, possibly on several at once, so it must be quick and thread-safe.
    /// </summary>
    public void AddRefresher(Action refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        lock (_lock)
        {
            _refreshers.Add(refresh);
        }
    }

    /// <summary>Runs the refreshers, then reads every metric now (evaluating gauge functions), ordered by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        IMetricCollector[] collectors;
        Action[] refreshers;
        lock (_lock)
        {
            refreshers = [.. _refreshers];
        }

        foreach (var refresh in refreshers)
        {
            refresh();
        }

        lock (_lock)
        {
            collectors = [.. _collectors.Values];
        }

        return [.. collectors.Select(collector => collector.Collect())];
    }

    // The sample names a collector writes: a histogram "x" also owns x_bucket, x_sum and x_count.
    private static IEnumerable<string> NamesOf(IMetricCollector collector) =>
        collector.Type == MetricType.Histogram
            ? [collector.Name, .. _histogramSuffixes.Select(suffix => collector.Name + suffix)]
            : [collector.Name];
}
