namespace Tunmux.Daemon.Tests.Metrics.Exposition;

public sealed class ParsedFamily(string name)
{
    public string Name { get; } = name;

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<ParsedSample> Samples { get; } = [];

    public bool Owns(string sampleName) => Type == "histogram"
        ? sampleName == Name + "_bucket" || sampleName == Name + "_sum" || sampleName == Name + "_count"
        : sampleName == Name;
}
