using Tunmux.Api.Model;

namespace Tunmux.Api;

/// <summary>
/// The fields of a manifest that name a file (keys, wg-quick configs, credentials), with the
/// field path errors use. The client reads these as the calling user and sends their contents;
/// the daemon answers from those contents and never opens the named paths itself.
/// </summary>
public static class ReferencedFiles
{
    public sealed record Reference(string FieldPath, string Path);

    public static IReadOnlyList<Reference> Of(ManifestObject manifest)
    {
        var found = new List<Reference>();
        Rewrite(manifest, (field, path) =>
        {
            found.Add(new Reference(field, path));
            return path;
        });
        return found;
    }

    /// <summary>The manifest with every referenced path replaced by <paramref name="map"/>(field path, path).</summary>
    public static ManifestObject Rewrite(ManifestObject manifest, Func<string, string, string> map) => manifest switch
    {
        TunnelManifest tunnel => tunnel with { Spec = Rewrite(tunnel.Spec, map) },
        ProxyManifest proxy when proxy.Spec.Auth is { CredentialsFile: { } file } auth =>
            proxy with { Spec = proxy.Spec with { Auth = auth with { CredentialsFile = map("spec.auth.credentialsFile", file) } } },
        _ => manifest,
    };

    private static TunnelSpec Rewrite(TunnelSpec spec, Func<string, string, string> map)
    {
        if (spec.Account is { CredentialsFile: { } credentials } account)
        {
            spec = spec with { Account = account with { CredentialsFile = map("spec.account.credentialsFile", credentials) } };
        }

        if (spec.WireGuard is not { } wireGuard)
        {
            return spec;
        }

        if (wireGuard.ConfigFile is { } config)
        {
            wireGuard = wireGuard with { ConfigFile = map("spec.wireguard.configFile", config) };
        }

        if (wireGuard.PrivateKeyFile is { } key)
        {
            wireGuard = wireGuard with { PrivateKeyFile = map("spec.wireguard.privateKeyFile", key) };
        }

        if (wireGuard.Peer is { } peer)
        {
            wireGuard = wireGuard with { Peer = Rewrite(peer, "spec.wireguard.peer", map) };
        }

        if (wireGuard.Peers.Count > 0)
        {
            wireGuard = wireGuard with { Peers = wireGuard.Peers.Select((p, i) => Rewrite(p, $"spec.wireguard.peers[{i}]", map)).ToList() };
        }

        return spec with { WireGuard = wireGuard };
    }

    private static WireGuardPeerSpec Rewrite(WireGuardPeerSpec peer, string field, Func<string, string, string> map) =>
        peer.PresharedKeyFile is { } psk ? peer with { PresharedKeyFile = map(field + ".presharedKeyFile", psk) } : peer;
}
