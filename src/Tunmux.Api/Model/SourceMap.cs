namespace Tunmux.Api.Model;

/// <summary>
/// Where each field of one manifest object came from, keyed by field path
/// ("metadata.name", "spec.peer.allowedIPs[1]"). The empty path is the document itself.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions;

    public SourceMap(string file, IReadOnlyDictionary<string, SourcePosition> positions)
    {
        File = file;
        _positions = new Dictionary<string, SourcePosition>(positions, StringComparer.Ordinal);
    }

    public string File { get; }

    public IReadOnlyDictionary<string, SourcePosition> Positions => _positions;

    /// <summary>The position of a field, or of its nearest enclosing field when it was not written.</summary>
    public SourcePosition PositionOf(string path)
    {
        var current = path;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return new SourcePosition(File, 1, 1);
            }

            current = ParentOf(current);
        }
    }

    private static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
