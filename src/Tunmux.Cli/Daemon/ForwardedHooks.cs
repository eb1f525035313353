using Tunmux.Api.Model;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// A port-forwarding hook runs as root (the keeper does). Members of the daemon's group may
/// apply manifests, but must not gain root's powers that way, so a hook in a forwarded
/// manifest is refused unless the client is root. Manifests root put in the daemon's folder,
/// or applied itself, keep theirs.
/// </summary>
public static class ForwardedHooks
{
    public static ManifestSet RefuseUnlessRoot(ManifestSet set, uint clientUid)
    {
        if (clientUid == 0)
        {
            return set;
        }

        var refused = set.Objects.OfType<TunnelManifest>()
            .Where(t => t.Spec.PortForwardingHook.Count > 0)
            .Select(t => new ManifestError(
                t.Source?.PositionOf("spec.portForwardingHook") ?? new SourcePosition("<unknown>", 1, 1),
                "spec.portForwardingHook",
                $"a hook runs as root, so only root may declare one; uid {clientUid} is not root (apply as root, "
                + "or put the manifest in the daemon's manifest folder)") { Subject = t.KindAndName })
            .ToList();
        return refused.Count == 0 ? set : set with { Errors = [.. set.Errors, .. refused] };
    }
}
