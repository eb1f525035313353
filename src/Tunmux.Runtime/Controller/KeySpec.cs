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
    /// <summary>
    /// The ports every declared object names explicitly, this key's and every other's, built or
    /// not (see <see cref="Api.DeclaredPorts"/>): the key's automatic listeners skip them.
    /// </summary>
    public IReadOnlySet<int> DeclaredPorts { get; init; } = new HashSet<int>();

    public DesiredTunnel? Tunnel => Desired.Tunnels.FirstOrDefault(t => t.Name == Key);

    /// <summary>
    /// The first error in the tunnel's own manifest ("Tunnel/NAME"), or null when it is fine. A
    /// provider that could not be asked (<see cref="ManifestError.Transient"/>) is not one: the spec
    /// is unchanged, only its resolution has to wait (<see cref="Unresolved"/>).
    /// </summary>
    public ManifestError? TunnelError => Errors.FirstOrDefault(e => e.Subject == $"{TunnelManifest.KindName}/{Key}" && !e.Transient);

    /// <summary>Why the tunnel could not be resolved this time although its manifest is fine, or null.</summary>
    public ManifestError? Unresolved => Errors.FirstOrDefault(e => e.Subject == $"{TunnelManifest.KindName}/{Key}" && e.Transient);
}
