using Tunmux.Api.Model;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Loading;

/// <summary>What binding one document collects: errors, and the position of every field path.</summary>
internal sealed class BindContext(string file, string baseDirectory)
{
    private readonly List<string> _standIns = [];

    public string File { get; } = file;

    /// <summary>The folder relative file paths in the manifest are resolved against.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    public List<ManifestError> Errors { get; } = [];

    public Dictionary<string, SourcePosition> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Field paths that were not read: those with errors, plus the fields a misspelt or forbidden field
    /// stood in for, so the validator does not also report them as missing.
    /// </summary>
    public IEnumerable<string> UnreadPaths => Errors.Select(e => e.FieldPath).Concat(_standIns).Distinct();

    public void MarkStandIn(string path) => _standIns.Add(path);

    public void Error(SourcePosition position, string path, string message) =>
        Errors.Add(new ManifestError(position, path, message));

    public void Error(YamlNode node, string path, string message) => Error(node.Start, path, message);

    /// <summary>Where a field's position points: at a one-line value, or else at its key.</summary>
    public void RecordField(string path, YamlNode key, YamlNode value)
    {
        var pointsAtValue = value switch
        {
            YamlScalar scalar => scalar.Kind != ScalarKind.Null,
            _ => !value.IsBlock,
        };
        Positions[path] = pointsAtValue ? value.Start : key.Start;
    }

    public SourcePosition PositionOf(string path, YamlNode fallback) =>
        Positions.TryGetValue(path, out var position) ? position : fallback.Start;
}
