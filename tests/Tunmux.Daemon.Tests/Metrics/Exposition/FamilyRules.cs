namespace Tunmux.Daemon.Tests.Metrics.Exposition;

/// <summary>Rules that span lines: a family has samples; counters are non-negative; histograms are whole.</summary>
internal static class FamilyRules
{
    public static void Check(ParsedFamily family)
    {
        if (family.Type is null || family.Samples.Count == 0)
        {
            throw new ExpositionException(0, $"family '{family.Name}' has no TYPE or no samples");
        }

        foreach (var sample in family.Samples)
        {
            if (family.Type == "counter" && !(sample.Value >= 0))
            {
                throw new ExpositionException(sample.Line, $"counter '{family.Name}' has value {sample.Value}");
            }

            if (sample.Labels.ContainsKey("le") != sample.Name.EndsWith("_bucket", StringComparison.Ordinal) && family.Type == "histogram")
            {
                throw new ExpositionException(sample.Line, "in a histogram, exactly the _bucket samples carry 'le'");
            }
        }

        if (family.Type == "histogram")
        {
            foreach (var series in family.Samples.GroupBy(SeriesWithoutLe))
            {
                CheckHistogram(family.Name, [.. series]);
            }
        }
    }

    private static void CheckHistogram(string name, IReadOnlyList<ParsedSample> series)
    {
        var buckets = series.Where(sample => sample.Name == name + "_bucket").ToList();
        var sums = series.Where(sample => sample.Name == name + "_sum").ToList();
        var counts = series.Where(sample => sample.Name == name + "_count").ToList();
        var where = series[0].Line;
        if (buckets.Count == 0 || sums.Count != 1 || counts.Count != 1)
        {
            throw new ExpositionException(where, $"histogram '{name}' needs buckets, one _sum and one _count per series");
        }

        var bounds = buckets.Select(bucket => SampleLineParser.ParseValue(bucket.Labels["le"], bucket.Line)).ToList();
        for (var i = 1; i < buckets.Count; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                throw new ExpositionException(buckets[i].Line, $"bucket bounds of '{name}' are not increasing");
            }

            if (buckets[i].Value < buckets[i - 1].Value)
            {
                throw new ExpositionException(buckets[i].Line, $"buckets of '{name}' are not cumulative");
            }
        }

        if (!double.IsPositiveInfinity(bounds[^1]) || buckets[^1].Labels["le"] != "+Inf")
        {
            throw new ExpositionException(buckets[^1].Line, $"the last bucket of '{name}' is not le=\"+Inf\"");
        }

        if (buckets.Any(bucket => bucket.Value < 0 || bucket.Value != Math.Floor(bucket.Value)))
        {
            throw new ExpositionException(where, $"bucket counts of '{name}' must be whole, non-negative numbers");
        }

        if (counts[0].Value != buckets[^1].Value)
        {
            throw new ExpositionException(counts[0].Line, $"_count of '{name}' ({counts[0].Value}) differs from its +Inf bucket ({buckets[^1].Value})");
        }
    }

    private static string SeriesWithoutLe(ParsedSample sample) =>
        string.Join("\u0000", sample.Labels.Where(pair => pair.Key != "le").OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}\u0001{pair.Value}"));
}
