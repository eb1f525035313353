namespace Tunmux.Daemon.Tests.Metrics.Exposition;

public sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, int Line)
{
    /// <summary>Name plus labels in a canonical order, to spot duplicate series.</summary>
    public string SeriesKey =>
        Name + "{" + string.Join(",", Labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")) + "}";
}
