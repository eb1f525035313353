using System.Collections;

namespace Tunmux.Proxy.Http;

/// <summary>Header fields in arrival order; names compare case-insensitively.</summary>
internal sealed class HttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    public bool Contains(string name) => _fields.Exists(f => Is(f.Key, name));

    public string? Get(string name) => _fields.Find(f => Is(f.Key, name)) is { Key: not null } found ? found.Value : null;

    public IEnumerable<string> GetAll(string name) => _fields.Where(f => Is(f.Key, name)).Select(f => f.Value);

    /// <summary>The comma-separated list elements of every field with this name, trimmed and lower-cased.</summary>
    public IReadOnlyList<string> Tokens(string name) =>
        GetAll(name)
            .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(t => t.ToLowerInvariant())
            .ToList();

    public bool HasToken(string name, string token) => Tokens(name).Contains(token);

    public int RemoveAll(string name) => _fields.RemoveAll(f => Is(f.Key, name));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
