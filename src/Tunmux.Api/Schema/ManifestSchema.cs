using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The field tables of every kind: the single source of truth for loading, writing and the JSON Schema.</summary>
public static class ManifestSchema
{
    public static ObjectShape Tunnel => TunnelFields.Root;

    public static ObjectShape Proxy => ProxyFields.Root;

    /// <summary>Every kind by its name, in the order they are documented.</summary>
    public static IReadOnlyDictionary<string, ObjectShape> Kinds { get; } = new Dictionary<string, ObjectShape>(StringComparer.Ordinal)
    {
        [TunnelManifest.KindName] = TunnelFields.Root,
        [ProxyManifest.KindName] = ProxyFields.Root,
    };

    public static ObjectShape For(ManifestObject manifest) => Kinds[manifest.Kind];
}
