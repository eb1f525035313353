using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The unit the controller reconciles: one tunnel with the proxies that leave through it, or
/// <see cref="Host"/> for what belongs to no tunnel (orphan namespaces). Level-based: a key
/// names objects, never the event that woke it.
/// </summary>
public static class ReconcileScope
{
    /// <summary>The key for host-wide work: orphaned namespaces carrying our prefix.</summary>
    public const string Host = "";

    /// <summary>Every key the declared objects and the records mention.</summary>
    public static IReadOnlyList<string> KeysOf(IEnumerable<ManifestObject> declared, IEnumerable<string> recordedTunnels, IEnumerable<string> recordedProxyTunnels) =>
        declared.Select(KeyOf)
            .Concat(recordedTunnels)
            .Concat(recordedProxyTunnels)
            .Append(Host)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string KeyOf(ManifestObject manifest) => manifest switch
    {
        ProxyManifest proxy => proxy.Spec.TunnelRef,
        _ => manifest.Name,
    };

    /// <summary>The key an error belongs to ("Tunnel/x" -> x; a proxy's tunnel is unknown here, so its own name).</summary>
    public static string KeyOf(ManifestError error) =>
        error.Subject is { } subject && subject.IndexOf('/') is var slash and > 0 ? subject[(slash + 1)..] : Host;

    /// <summary>The part of a desired state that a key covers.</summary>
    public static DesiredState Narrow(DesiredState desired, string key) => new(
        desired.Tunnels.Where(t => t.Name == key).ToList(),
        desired.Proxies.Where(p => p.TunnelRef == key).ToList());

    /// <summary>Whether a planned change belongs to a key.</summary>
    public static bool Covers(string key, PlannedChange change) => (change.Tunnel ?? Host) == key;
}
