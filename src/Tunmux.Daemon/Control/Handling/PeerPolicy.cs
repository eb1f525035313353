using System.Net;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Model;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// Choices that stay root's when a group member applies through the socket: a port-forwarding
/// hook (it runs as root), a listener beyond loopback (it exposes the exit to the network) and a
/// port below 1024 (privileged by the kernel's rule), and `mode: direct` (it routes and firewalls all of
/// the host's traffic), changing or removing an object another uid declared, and a member's proxy
/// going through another member's tunnel. Each refusal is a "permission denied" at the field that
/// asked. Hook arguments are also hidden from non-root readers: they may be private.
/// </summary>
public static class PeerPolicy
{
    public const string Redacted = "<redacted>";

    private const int FirstUnprivilegedPort = 1024;

    public static ManifestSet RefuseRootOnly(ManifestSet set, uint uid)
    {
        if (uid == 0)
        {
            return set;
        }

        var refused = new List<ManifestError>();
        foreach (var manifest in set.Objects)
        {
            switch (manifest)
            {
                case TunnelManifest tunnel:
                    if (tunnel.Spec.PortForwardingHook.Count > 0)
                    {
                        refused.Add(Denied(tunnel, "spec.portForwardingHook", uid,
                            "a hook runs as root, so only root may declare one (apply as root, or put the manifest in the daemon's manifest folder)"));
                    }

                    if (tunnel.Spec.Mode == TunnelMode.Direct)
                    {
                        refused.Add(Denied(tunnel, "spec.mode", uid,
                            "a direct tunnel takes over all of the host's traffic and its firewall, so only root may declare one (apply as root, or put the manifest in the daemon's manifest folder)"));
                    }

                    break;
                case ProxyManifest proxy:
                    if (proxy.Spec.AllowNonLoopback)
                    {
                        refused.Add(Denied(proxy, "spec.allowNonLoopback", uid, "only root may expose a proxy beyond loopback"));
                    }

                    Listener(proxy, "spec.socks.listen", proxy.Spec.Socks, uid, refused);
                    Listener(proxy, "spec.http.listen", proxy.Spec.Http, uid, refused);
                    break;
            }
        }

        return refused.Count == 0 ? set : set with { Errors = [.. set.Errors, .. refused] };
    }

    /// <summary>
    /// The incoming objects stamped with their owner: the peer, except where an object is the same
    /// declaration as the stored one of its kind and name (re-applying it changes nothing, so the
    /// stored owner stays).
    /// </summary>
    public static IReadOnlyList<ManifestObject> Stamp(IReadOnlyList<ManifestObject> stored, IReadOnlyList<ManifestObject> incoming, uint uid)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        var byKey = stored.ToLookup(o => o.KindAndName, StringComparer.Ordinal);
        return
        [
            .. incoming.Select(o => byKey[o.KindAndName].FirstOrDefault(old => SameDeclaration(old, o)) is { } same
                ? o with { OwnerUid = same.OwnerUid }
                : o with { OwnerUid = uid }),
        ];
    }

    /// <summary>
    /// Refusals for a non-root change from <paramref name="before"/> (the stored objects) to
    /// <paramref name="after"/> that would replace (change) or remove an object the peer did not
    /// declare: a member may change only its own. A direct tunnel is root's whatever its recorded
    /// owner (it holds the host's kill switch). An object re-applied unchanged is left alone.
    /// </summary>
    public static IReadOnlyList<ManifestError> RefuseTouchingOthers(IReadOnlyList<ManifestObject> before, IReadOnlyList<ManifestObject> after, uint uid)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (uid == 0)
        {
            return [];
        }

        var byKey = after.ToLookup(o => o.KindAndName, StringComparer.Ordinal);
        var refused = new List<ManifestError>();
        foreach (var old in before)
        {
            var direct = old is TunnelManifest { Spec.Mode: TunnelMode.Direct };
            if (old.OwnerUid == uid && !direct)
            {
                continue;
            }

            var next = byKey[old.KindAndName].ToList();
            var removed = next.Count == 0;
            if (!removed && next.All(n => SameDeclaration(old, n)))
            {
                continue;
            }

            var what = removed ? "remove" : "replace";
            refused.Add(direct
                ? NotYours(old, "spec.mode", $"{old.KindAndName} is a direct tunnel (it holds the host's kill switch), so only root may replace or remove it; uid {uid} is not root")
                : NotYours(old, "metadata.name", $"{old.KindAndName} was declared by uid {old.OwnerUid}, so only that uid or root may replace or remove it; uid {uid} may not {what} it"));
        }

        return refused;
    }

    /// <summary>
    /// Refusals for a non-root change whose <paramref name="after"/> set has a member's proxy going
    /// through a tunnel another member declared. A proxy pins its tunnel (the tunnel's owner could no
    /// longer delete it, as that would remove the proxy too), so a member's proxy may use only its
    /// own tunnels and root's. Checked where the change makes the pairing: a proxy new or changed in
    /// this change, or a tunnel this change creates; a pairing stored before the rule is left as it
    /// is, so it does not block its owners' other changes. Root may do anything; a root-owned proxy
    /// may use any tunnel.
    /// </summary>
    public static IReadOnlyList<ManifestError> RefuseOthersTunnels(IReadOnlyList<ManifestObject> before, IReadOnlyList<ManifestObject> after, uint uid)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (uid == 0)
        {
            return [];
        }

        var stored = before.ToLookup(o => o.KindAndName, StringComparer.Ordinal);
        bool Kept(ManifestObject o) => stored[o.KindAndName].Any(old => old.OwnerUid == o.OwnerUid && SameDeclaration(old, o));
        var tunnels = after.OfType<TunnelManifest>().ToLookup(t => t.Name, StringComparer.Ordinal);
        var refused = new List<ManifestError>();
        foreach (var proxy in after.OfType<ProxyManifest>().Where(p => p.OwnerUid != 0))
        {
            foreach (var tunnel in tunnels[proxy.Spec.TunnelRef])
            {
                var othersTunnel = tunnel.OwnerUid != 0 && tunnel.OwnerUid != proxy.OwnerUid;
                var pairedNow = !Kept(proxy) || !stored[tunnel.KindAndName].Any();
                if (othersTunnel && pairedNow)
                {
                    refused.Add(new ManifestError(
                        proxy.Source?.PositionOf("spec.tunnelRef") ?? new SourcePosition("<declared>", 1, 1),
                        "spec.tunnelRef",
                        $"permission denied: {tunnel.KindAndName} was declared by uid {tunnel.OwnerUid}; a member's proxy may go only through its own tunnels or root's "
                        + $"(a proxy pins its tunnel: the tunnel's owner could no longer delete it); uid {proxy.OwnerUid} may not use it")
                    {
                        Subject = proxy.KindAndName,
                    });
                }
            }
        }

        return refused;
    }

    /// <summary>Whether two objects declare the same thing: the same fields as written, whoever declared them and wherever they were read from.</summary>
    public static bool SameDeclaration(ManifestObject a, ManifestObject b) =>
        a.KindAndName == b.KindAndName && ManifestWriter.ToYaml([a]) == ManifestWriter.ToYaml([b]);

    /// <summary>The object as a reader with <paramref name="uid"/> may see it: hook arguments only for root.</summary>
    public static ManifestObject Redact(ManifestObject manifest, uint uid) =>
        uid != 0 && manifest is TunnelManifest { Spec.PortForwardingHook.Count: > 1 } tunnel
            ? tunnel with { Spec = tunnel.Spec with { PortForwardingHook = [tunnel.Spec.PortForwardingHook[0], .. tunnel.Spec.PortForwardingHook.Skip(1).Select(_ => Redacted)] } }
            : manifest;

    private static void Listener(ProxyManifest proxy, string field, ListenerSpec? spec, uint uid, List<ManifestError> refused)
    {
        if (spec is not { Enabled: true, Listen: { } listen } || !ListenAddress.TryParse(listen, out var address, out var port, out _))
        {
            return;
        }

        if (!IPAddress.IsLoopback(address))
        {
            refused.Add(Denied(proxy, field, uid, "only root may listen beyond loopback (127.0.0.0/8 or ::1)"));
        }

        if (port is > 0 and < FirstUnprivilegedPort)
        {
            refused.Add(Denied(proxy, field, uid, $"only root may listen on a port below {FirstUnprivilegedPort}"));
        }
    }

    private static ManifestError NotYours(ManifestObject stored, string field, string why) =>
        new(new SourcePosition("<declared>", 1, 1), field, $"permission denied: {why}")
        {
            Subject = stored.KindAndName,
        };

    private static ManifestError Denied(ManifestObject manifest, string field, uint uid, string why) =>
        new(manifest.Source?.PositionOf(field) ?? new SourcePosition("<unknown>", 1, 1), field, $"permission denied: {why}; uid {uid} is not root")
        {
            Subject = manifest.KindAndName,
        };
}
