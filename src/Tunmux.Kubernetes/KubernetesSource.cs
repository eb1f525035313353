using Tunmux.Api.Model;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Objects;

namespace Tunmux.Kubernetes;

/// <summary>
/// The cluster as a source of declared state: the Tunnels and Proxies that the watches hold and
/// whose nodeSelector matches this node's labels. The reconciler reads <see cref="Current"/> after
/// each <see cref="Changed"/>, the same way it reads a folder of manifests.
/// </summary>
public sealed class KubernetesSource
{
    private IReadOnlyDictionary<string, string> _nodeLabels = new Dictionary<string, string>();
    private volatile bool _labelsRead;

    public ObjectCache Tunnels { get; } = new(CustomResourceKind.Tunnel.Kind);

    public ObjectCache Proxies { get; } = new(CustomResourceKind.Proxy.Kind);

    /// <summary>Raised when the kept set may have changed (an object's generation, or the node's labels).</summary>
    public event Action? Changed;

    public IReadOnlyDictionary<string, string> NodeLabels => Volatile.Read(ref _nodeLabels);

    /// <summary>True once the node's labels were read and both kinds were listed in full.</summary>
    public bool Ready => _labelsRead && TunnelsListed && ProxiesListed;

    internal bool TunnelsListed { get; set; }

    internal bool ProxiesListed { get; set; }

    public ObjectCache CacheOf(CustomResourceKind kind) => kind.Kind == Tunnels.Kind ? Tunnels : Proxies;

    /// <summary>The objects this node runs: each at its last good manifest, filtered by nodeSelector.</summary>
    public IReadOnlyList<ManifestObject> Current() =>
        NodeSelection.Keep(Tunnels.Runnable.Concat(Proxies.Runnable).Select(o => o.Manifest!), NodeLabels);

    /// <summary>Objects whose current generation does not load (their last good manifest, if any, still runs).</summary>
    public IReadOnlyList<ManifestError> Problems =>
        [.. Tunnels.Objects.Concat(Proxies.Objects).Where(o => !o.IsValid).SelectMany(o => o.Errors)];

    /// <summary>Whether an object (valid or not) is meant for this node, so this node reports on it.</summary>
    public bool IsForThisNode(ClusterObject item)
    {
        if (item.Manifest is null)
        {
            return true; // unreadable: every node says why it does not run it
        }

        var kept = Current();
        return kept.Any(m => m.Kind == item.Kind && m.Name == item.Name);
    }

    public void SetNodeLabels(IReadOnlyDictionary<string, string> labels)
    {
        var before = NodeLabels;
        Volatile.Write(ref _nodeLabels, labels);
        var first = !_labelsRead;
        _labelsRead = true;
        if (first || before.Count != labels.Count || before.Any(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value))
        {
            Changed?.Invoke();
        }
    }

    internal void RaiseChanged() => Changed?.Invoke();
}
