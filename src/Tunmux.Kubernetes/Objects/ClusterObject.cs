using Tunmux.Api.Model;

namespace Tunmux.Kubernetes.Objects;

/// <summary>
/// One Tunnel or Proxy as the cluster holds it: its identity and generation, and the manifest it
/// reads as (or why it does not read as one).
/// </summary>
public sealed record ClusterObject(
    string Kind,
    string Name,
    string? Uid,
    long Generation,
    string ResourceVersion,
    ManifestObject? Manifest,
    IReadOnlyList<ManifestError> Errors)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;

    public IReadOnlyDictionary<string, string> NodeSelector => Manifest switch
    {
        TunnelManifest tunnel => tunnel.Spec.NodeSelector,
        ProxyManifest proxy => proxy.Spec.NodeSelector,
        _ => new Dictionary<string, string>(),
    };
}
