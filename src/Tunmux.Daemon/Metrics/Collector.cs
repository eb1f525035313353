using System.Collections.Concurrent;

namespace Tunmux.Daemon.Metrics;

/// <summary>
/// A metric with a fixed set of label names and one child per tuple of label values.
/// Children are created on first use and removed explicitly (e.g. when a tunnel is deleted);
/// a removed child that someone still holds keeps working but is no longer exposed.
/// </summary>
public abstract class Collector<TChild> : IMetricCollector
    where TChild : class
{
    private readonly ConcurrentDictionary<LabelValues, TChild> _children = new();
    private readonly string[] _labelNames;

    private protected Collector(string name, string help, IReadOnlyList<string> labelNames, IReadOnlyCollection<string> reservedLabelNames)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        MetricNames.RequireMetricName(name);
        foreach (var labelName in labelNames)
        {
            MetricNames.RequireLabelName(labelName);
            if (reservedLabelNames.Contains(labelName))
            {
                throw new ArgumentException($"Label name '{labelName}' is reserved for this metric type.", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new ArgumentException($"Metric '{name}' lists a label name twice.", nameof(labelNames));
        }

        Name = name;
        Help = help;
        _labelNames = [.. labelNames];
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames => _labelNames;

    public abstract MetricType Type { get; }

    /// <summary>The child for these label values (one per label name, in order), created if new.</summary>
    public TChild WithLabels(params string[] labelValues) => _children.GetOrAdd(Key(labelValues), _ => CreateChild());

    /// <summary>Stops exposing the child for these label values; false when there was none.</summary>
    public bool Remove(params string[] labelValues) => _children.TryRemove(Key(labelValues), out _);

    public MetricFamily Collect()
    {
        if (_labelNames.Length == 0)
        {
            // A metric without labels is exposed (as zero) before its first use, as Prometheus clients do.
            WithLabels();
        }

        var samples = new List<MetricSample>();
        foreach (var (key, child) in _children.ToArray().OrderBy(pair => pair.Key))
        {
            var labels = new MetricLabel[_labelNames.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = new MetricLabel(_labelNames[i], key.Values[i]);
            }

            AppendSamples(child, labels, samples);
        }

        return new MetricFamily(Name, Help, Type, samples);
    }

    private protected abstract TChild CreateChild();

    private protected abstract void AppendSamples(TChild child, IReadOnlyList<MetricLabel> labels, List<MetricSample> samples);

    private LabelValues Key(string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException(
                $"Metric '{Name}' has {_labelNames.Length} label(s) ({string.Join(", ", _labelNames)}) but {labelValues.Length} value(s) were given.",
                nameof(labelValues));
        }

        foreach (var value in labelValues)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(labelValues));
        }

        // Copy: a params array belongs to the caller, who may reuse it.
        return new LabelValues([.. labelValues]);
    }
}
