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
    public (ObservedState State, IReadOnlyList<string> Problems) Observe() => Observe(ObservationScope.Everything);

    /// <summary>Observes what <paramref name="scope"/> covers: its tunnels and their proxies, and orphans when it asks for them.</summary>
    public (ObservedState State, IReadOnlyList<string> Problems) Observe(ObservationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (tunnelRecords, tunnelProblems) = records.LoadTunnels();
        var (proxyRecords, proxyProblems) = records.LoadProxies();

        var tunnels = tunnelRecords.Where(r => scope.Tunnels(r.Name))
            .Select(r => new ObservedTunnel(r, driver.InspectTunnel(r))).ToList();
        var proxies = proxyRecords.Where(r => scope.Tunnels(r.TunnelRef))
            .Select(r => new ObservedProxy(r, driver.IsAlive(r.Process)) { Connections = scope.Connections ? driver.ReadProxyConnections(r) : null }).ToList();
        var recorded = tunnelRecords.Select(r => r.Namespace).ToHashSet(StringComparer.Ordinal);
        var orphans = scope.Orphans
            ? driver.ListNamespaces(naming.NamespacePrefix).Where(ns => !recorded.Contains(ns)).ToList()
            : [];

        var (keeperRecords, keeperProblems) = records.LoadPortForwards();
        var keepers = keeperRecords.Where(r => scope.Tunnels(r.Name))
            .Select(r => new ObservedPortForward(r, driver.IsAlive(r.Process), driver.ReadPortForward(r))).ToList();
        var state = new ObservedState(tunnels, proxies, orphans, driver.ListHostTcpPorts()) { PortForwards = keepers };
        return (state, [.. tunnelProblems, .. proxyProblems, .. keeperProblems]);
    }
}
