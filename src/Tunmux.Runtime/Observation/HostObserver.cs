using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Observation;

/// <summary>
/// Takes one snapshot of the host: our records (tunnels, proxy workers, port keepers), checked
/// against what really exists, plus namespaces that carry our prefix with no record and WireGuard
/// interfaces a build left in the host namespace (orphans), and the busy host ports.
/// </summary>
public sealed class HostObserver(IExitDriver driver, RecordStore records, HostNaming naming)
{
    public (ObservedState State, IReadOnlyList<string> Problems) Observe() => Observe(ObservationScope.Everything);

    /// <summary>Observes what <paramref name="scope"/> covers: its tunnels and their proxies, and orphans when it asks for them.</summary>
    public (ObservedState State, IReadOnlyList<string> Problems) Observe(ObservationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        // Links before records and direct mode's state: both name an interface before it exists, so
        // a link seen here that is theirs is named in what is read after.
        var (hostLinks, linkProblem) = scope.Orphans ? ListHostLinks() : ([], null);
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
        var (orphanInterfaces, interfaceProblem) = OrphanInterfacesOf(hostLinks, tunnelRecords, tunnelProblems);
        var state = new ObservedState(tunnels, proxies, orphans, driver.ListHostTcpPorts()) { PortForwards = keepers, OrphanInterfaces = orphanInterfaces };
        IEnumerable<string> interfaceProblems = [.. new[] { linkProblem, interfaceProblem }.OfType<string>()];
        return (state, [.. tunnelProblems, .. proxyProblems, .. keeperProblems, .. interfaceProblems]);
    }

    private (IReadOnlyList<HostLink> Links, string? Problem) ListHostLinks()
    {
        try
        {
            return (driver.ListHostLinks(naming.InterfacePrefix), null);
        }
        catch (IOException ex)
        {
            // The namespaces are still swept; the interfaces wait for a pass that can read the links.
            return ([], $"host interfaces are not swept: {ex.Message}");
        }
    }

    /// <summary>
    /// Interfaces left in the host namespace: none while a tunnel record cannot be read (it may own
    /// one) or direct mode's state cannot (its interface lives in the host namespace).
    /// </summary>
    private (IReadOnlyList<string> Orphans, string? Problem) OrphanInterfacesOf(
        IReadOnlyList<HostLink> hostLinks, IReadOnlyList<Core.State.TunnelRecord> tunnelRecords, IReadOnlyList<string> tunnelProblems)
    {
        if (hostLinks.Count == 0)
        {
            return ([], null);
        }

        if (tunnelProblems.Count > 0)
        {
            return ([], "host interfaces are not swept while a tunnel record cannot be read");
        }

        IReadOnlySet<string> kept;
        try
        {
            kept = driver.KeptHostInterfaces();
        }
        catch (IOException ex)
        {
            return ([], $"host interfaces are not swept: {ex.Message}");
        }

        return (OrphanInterfaces.Find(hostLinks, naming, [.. tunnelRecords.Select(r => r.Interface), .. kept]), null);
    }
}
