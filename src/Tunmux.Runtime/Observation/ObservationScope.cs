namespace Tunmux.Runtime.Observation;

/// <summary>What one observation looks at: which tunnels (with their proxies) are inspected, and whether orphan namespaces are listed.</summary>
/// <param name="Tunnels">Accepts the names of the tunnels to inspect.</param>
/// <param name="Orphans">Whether namespaces with our prefix and no record, and interfaces a build left in the host namespace, are listed.</param>
/// <param name="Connections">
/// Whether each proxy worker's published connection counts are read. Only views show them; a
/// reconcile pass plans nothing from them, so it skips one file read per proxy.
/// </param>
public sealed record ObservationScope(Func<string, bool> Tunnels, bool Orphans, bool Connections = false)
{
    /// <summary>The whole host, as `apply` and `status` see it, with the proxies' connection counts.</summary>
    public static ObservationScope Everything { get; } = new(_ => true, Orphans: true, Connections: true);

    /// <summary>
    /// Orphan namespaces only: all the host key reconciles. No tunnel is inspected, so a pass over
    /// every key inspects each tunnel once, not twice.
    /// </summary>
    public static ObservationScope OrphansOnly { get; } = new(_ => false, Orphans: true);

    /// <summary>One tunnel and the proxies that leave through it: a pass for one exit costs one exit's probing.</summary>
    public static ObservationScope Tunnel(string name) => new(tunnel => tunnel == name, Orphans: false);
}
