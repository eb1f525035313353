using Tunmux.Api.Model;

namespace Tunmux.Runtime.Operations;

/// <summary>Pure set operations on declared objects, keyed by kind and name.</summary>
public static class DeclaredState
{
    /// <summary>The declared set with <paramref name="incoming"/> added, replacing objects of the same kind and name.</summary>
    public static IReadOnlyList<ManifestObject> Merge(IEnumerable<ManifestObject> declared, IEnumerable<ManifestObject> incoming)
    {
        var incomingList = incoming.ToList();
        var replaced = incomingList.Select(Key).ToHashSet();
        return declared.Where(o => !replaced.Contains(Key(o))).Concat(incomingList).ToList();
    }

    /// <summary>
    /// The declared set without the selected objects. Proxies of a removed tunnel go too,
    /// because a proxy cannot outlive the exit it leaves through.
    /// </summary>
    public static (IReadOnlyList<ManifestObject> Remaining, IReadOnlyList<string> Cascaded) Remove(
        IEnumerable<ManifestObject> declared, Func<ManifestObject, bool> selected)
    {
        var all = declared.ToList();
        var removedTunnels = all.OfType<TunnelManifest>().Where(selected).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var cascaded = all.OfType<ProxyManifest>()
            .Where(p => !selected(p) && removedTunnels.Contains(p.Spec.TunnelRef))
            .Select(p => $"proxy/{p.Name} is deleted with tunnel/{p.Spec.TunnelRef}")
            .ToList();
        var remaining = all.Where(o => !selected(o) && !(o is ProxyManifest p && removedTunnels.Contains(p.Spec.TunnelRef))).ToList();
        return (remaining, cascaded);
    }

    public static (string Kind, string Name) Key(ManifestObject manifest) => (manifest.Kind, manifest.Name);
}
