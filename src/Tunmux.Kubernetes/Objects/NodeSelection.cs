using Tunmux.Api.Model;

namespace Tunmux.Kubernetes.Objects;

/// <summary>
/// Which objects this node runs: a Tunnel whose spec.nodeSelector is a subset of the node's labels
/// (an empty selector matches every node), and a Proxy whose own selector matches and whose tunnel
/// runs here. A Proxy whose tunnel exists nowhere is kept, so the reconciler reports the broken
/// reference instead of the proxy silently missing.
/// </summary>
public static class NodeSelection
{
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> nodeLabels) =>
        selector.All(s => nodeLabels.TryGetValue(s.Key, out var value) && value == s.Value);

    public static IReadOnlyList<ManifestObject> Keep(IEnumerable<ManifestObject> objects, IReadOnlyDictionary<string, string> nodeLabels)
    {
        var all = objects.ToList();
        var tunnels = all.OfType<TunnelManifest>().ToList();
        var kept = tunnels.Where(t => Matches(t.Spec.NodeSelector, nodeLabels)).ToList();
        var keptNames = kept.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var allNames = tunnels.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var proxies = all.OfType<ProxyManifest>().Where(p =>
            Matches(p.Spec.NodeSelector, nodeLabels)
            && (keptNames.Contains(p.Spec.TunnelRef) || !allNames.Contains(p.Spec.TunnelRef)));
        return [.. kept, .. proxies];
    }
}
