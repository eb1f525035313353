namespace Tunmux.Daemon.Tests.Metrics.Exposition;

public sealed class ParsedExposition(IReadOnlyList<ParsedFamily> families)
{
    public IReadOnlyList<ParsedFamily> Families { get; } = families;

    public IEnumerable<ParsedSample> Samples => Families.SelectMany(family => family.Samples);

    public ParsedFamily Family(string name) =>
        Families.SingleOrDefault(family => family.Name == name) ?? throw new KeyNotFoundException($"No family '{name}'.");

    /// <summary>The sample with exactly these labels, or null.</summary>
    public ParsedSample? Find(string name, params (string Name, string Value)[] labels) =>
        Samples.SingleOrDefault(sample => sample.Name == name
            && sample.Labels.Count == labels.Length
            && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value));

    public double Value(string name, params (string Name, string Value)[] labels) =>
        Find(name, labels)?.Value ?? throw new KeyNotFoundException($"No sample {name} with labels {string.Join(",", labels)}.");
}
