using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Observation;

/// <summary>
/// Takes one snapshot of the host: our records (tunnels, proxy workers, port keepers), checked
/// against what really exists, plus namespaces that carry our prefix with no record (orphans)
/// and the busy host ports.
/// </summary>
public sealed class HostObserver(IExitDriver driver, RecordStore records, HostNaming naming)
{
    public (ObservedState State, IReadOnlyList<string> Problems) Observe() => Observe(null);

    /// <summary>
    /// Observes only the tunnels <paramref name="scope"/> accepts (and proxies whose tunnel it
    /// accepts), so a pass for one exit costs one exit's worth of probing. A scope also leaves
    /// out orphan namespaces, which belong to no tunnel. Null observes everything.
    /// </summary>
    public (ObservedState State, IReadOnlyList<string> Problems) Observe(Func<string, bool>? scope)
    {
        var (tunnelRecords, tunnelProblems) = records.LoadTunnels();
        var (proxyRecords, proxyProblems) = records.LoadProxies();

        var tunnels = tunnelRecords.Where(r => scope?.Invoke(r.Name) ?? true)
            .Select(r => new ObservedTunnel(r, driver.InspectTunnel(r))).ToList();
        var proxies = proxyRecords.Where(r => scope?.Invoke(r.TunnelRef) ?? true)
            .Select(r => new ObservedProxy(r, driver.IsAlive(r.Process)) { Connections = driver.ReadProxyConnections(r) }).ToList();
        var recorded = tunnelRecords.Select(r => r.Namespace).ToHashSet(StringComparer.Ordinal);
        var orphans = scope is not null
            ? []
            : driver.ListNamespaces(naming.NamespacePrefix).Where(ns => !recorded.Contains(ns)).ToList();

        var (keeperRecords, keeperProblems) = records.LoadPortForwards();
        var keepers = keeperRecords.Where(r => scope?.Invoke(r.Name) ?? true)
            .Select(r => new ObservedPortForward(r, driver.IsAlive(r.Process), driver.ReadPortForward(r))).ToList();
        var state = new ObservedState(tunnels, proxies, orphans, driver.ListHostTcpPorts()) { PortForwards = keepers };
        return (state, [.. tunnelProblems, .. proxyProblems, .. keeperProblems]);
    }
}
