using Tunmux.Api.Model;
using Tunmux.Core.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// One key's declared objects, validated and resolved: what a pass will make true, learnt before
/// the host is touched, so the controller can tell its tunnel lifecycle about a new spec first.
/// </summary>
/// <param name="Desired">The key's resolved tunnel and proxies (empty when any of them is invalid).</param>
/// <param name="Errors">Errors in the key's own manifests: terminal until the manifests change.</param>
public sealed record KeySpec(string Key, DesiredState Desired, IReadOnlyList<ManifestError> Errors)
{
    public DesiredTunnel? Tunnel => Desired.Tunnels.FirstOrDefault(t => t.Name == Key);

    /// <summary>The first error about the tunnel itself ("Tunnel/NAME"), or null when its own manifest is fine.</summary>
    public ManifestError? TunnelError => Errors.FirstOrDefault(e => e.Subject == $"{TunnelManifest.KindName}/{Key}");
}
