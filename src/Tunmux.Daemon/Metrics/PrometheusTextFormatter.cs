using System.Text;

namespace Tunmux.Daemon.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4. Pure: no I/O beyond
/// the writer it is given. Families are ordered by name; samples keep the order they come in
/// (the registry sorts children by label values). Invalid names are refused, not written.
/// </summary>
public static class PrometheusTextFormatter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Format(IEnumerable<MetricFamily> families)
    {
        var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(writer, families);
        return writer.ToString();
    }

    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(families);
        var ordered = families.OrderBy(family => family.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i > 0 && ordered[i].Name == ordered[i - 1].Name)
            {
                throw new ArgumentException($"Metric family '{ordered[i].Name}' appears twice.", nameof(families));
            }

            WriteFamily(writer, ordered[i]);
        }
    }

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeLabelValue(string value) =>
        EscapeHelp(value).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static void WriteFamily(TextWriter writer, MetricFamily family)
    {
        if (!MetricNames.IsValidMetricName(family.Name))
        {
            throw new ArgumentException($"'{family.Name}' is not a valid Prometheus metric name.", nameof(family));
        }

        // A family with no series (e.g. a labelled metric before its first use) is left out, as Prometheus clients do.
        if (family.Samples.Count == 0)
        {
            return;
        }

        if (family.Help.Length > 0)
        {
            writer.Write($"# HELP {family.Name} {EscapeHelp(family.Help)}\n");
        }

        writer.Write($"# TYPE {family.Name} {TypeName(family.Type)}\n");
        foreach (var sample in family.Samples)
        {
            WriteSample(writer, family, sample);
        }
    }

    private static void WriteSample(TextWriter writer, MetricFamily family, MetricSample sample)
    {
        if (!BelongsTo(sample.Name, family))
        {
            throw new ArgumentException($"Sample '{sample.Name}' does not belong to {TypeName(family.Type)} '{family.Name}'.", nameof(family));
        }

        var line = new StringBuilder(sample.Name);
        if (sample.Labels.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            line.Append('{');
            foreach (var label in sample.Labels)
            {
                if (!MetricNames.IsValidLabelName(label.Name) || !seen.Add(label.Name))
                {
                    throw new ArgumentException($"Sample '{sample.Name}' has an invalid or repeated label name '{label.Name}'.", nameof(family));
                }

                line.Append(seen.Count > 1 ? "," : "").Append(label.Name).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
            }

            line.Append('}');
        }

        line.Append(' ').Append(PrometheusFloat.Format(sample.Value)).Append('\n');
        writer.Write(line.ToString());
    }

    private static bool BelongsTo(string sampleName, MetricFamily family) => family.Type switch
    {
        MetricType.Histogram => sampleName == family.Name + "_bucket" || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count",
        _ => sampleName == family.Name,
    };

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown metric type."),
    };
}
