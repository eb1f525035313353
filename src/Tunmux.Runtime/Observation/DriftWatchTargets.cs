using Tunmux.Core.Host;
using Tunmux.Core.State;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Observation;

/// <summary>
/// What the host's drift watcher should follow, read from the records: each tunnel's namespace
/// and wireguard-go, each proxy worker and port keeper, each under the key a pass reconciles it
/// by (a tunnel's name; a proxy's tunnel; a keeper is named after its tunnel). A namespace name
/// becomes a path, so one without the owned prefix, or with a '/', is not watched (a pass
/// reports such a record; the watcher must not open what it names).
/// </summary>
public static class DriftWatchTargets
{
    public static DriftTargets From(string namespacePrefix, IEnumerable<TunnelRecord> tunnels, IEnumerable<ProxyRecord> proxies, IEnumerable<PortForwardRecord> keepers)
    {
        var processes = new Dictionary<ProcessRef, string>();
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tunnel in tunnels)
        {
            if (Owned(tunnel.Namespace, namespacePrefix))
            {
                namespaces[tunnel.Namespace] = tunnel.Name;
            }

            if (tunnel.WireGuardProcess is { } wireguard)
            {
                processes[wireguard] = tunnel.Name;
            }
        }

        foreach (var proxy in proxies)
        {
            processes[proxy.Process] = proxy.TunnelRef;
        }

        foreach (var keeper in keepers)
        {
            processes[keeper.Process] = keeper.Name;
        }

        return new DriftTargets(processes, namespaces);
    }

    public static DriftTargets From(string namespacePrefix, RecordStore records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return From(namespacePrefix, records.LoadTunnels().Records, records.LoadProxies().Records, records.LoadPortForwards().Records);
    }

    private static bool Owned(string name, string prefix) =>
        prefix.Length > 0 && name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
        && !name.Contains('/', StringComparison.Ordinal) && name is not ("." or "..");
}
