using Tunmux.Api;
using Tunmux.Api.Model;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>Objects as a member (or root, uid 0) declared them, for the ownership rules' tests.</summary>
internal static class OwnedManifests
{
    public static ManifestObject Tunnel(string name, uint owner, string endpoint = "198.18.1.2:51820", string extra = "") =>
        ManifestLoader.LoadText($"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: {name}{"}"}
            spec:
            {extra}  wireguard:
                privateKeyFile: /var/lib/tunmux/forwarded/k
                addresses: [10.66.1.2/32]
                peer:
                  publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                  endpoint: {endpoint}
                  allowedIPs: [0.0.0.0/0]
            """, $"/home/u{owner}/{name}.yaml").Objects.Single() with { OwnerUid = owner };

    public static ManifestObject Proxy(string name, string tunnel, uint owner, int socksPort = 0) =>
        ManifestLoader.LoadText($"""
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: {name}{"}"}
            spec:
              tunnelRef: {tunnel}
            {(socksPort == 0 ? "" : $"  socks: {{listen: \"127.0.0.1:{socksPort}\"}}\n")}
            """, $"/home/u{owner}/{name}.yaml").Objects.Single() with { OwnerUid = owner };
}
