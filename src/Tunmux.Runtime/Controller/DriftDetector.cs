using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Cheap drift detection between resyncs: a declared object with no record, a namespace that
/// vanished, a wireguard-go, a proxy worker or a port keeper that exited. Only /run and /proc
/// are read; a full inspection happens when the key is reconciled. Where the kernel reports
/// exits and namespace changes as events, only the records are checked here.
/// </summary>
internal sealed class DriftDetector(IExitDriver driver, RecordStore records, DeclaredSources sources, string namespacePrefix)
{
    /// <summary>Keys that drifted, leaving out those waiting out a backoff and those whose spec is invalid.</summary>
    /// <param name="recordsOnly">
    /// Only look for declared objects without a readable record: processes and namespaces are
    /// followed through kernel events (an <see cref="IDriftWatcher"/>), so /proc and /run are not read.
    /// </param>
    public List<string> Find(IReadOnlyDictionary<string, KeyStatus> status, DateTimeOffset now, bool recordsOnly = false)
    {
        var drifted = new List<string>();
        var tunnelRecords = records.LoadTunnels().Records;
        var proxyRecords = records.LoadProxies().Records;

        // Declared objects with no readable record: never built, or their record was lost.
        var recordedTunnels = tunnelRecords.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var recordedProxies = proxyRecords.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var manifest in sources.Current())
        {
            if (manifest is TunnelManifest { Spec.Mode: Core.Model.TunnelMode.Direct })
            {
                // A direct tunnel has no record here: direct mode watches its own state.
                continue;
            }

            var recorded = manifest is ProxyManifest ? recordedProxies : recordedTunnels;
            if (!recorded.Contains(manifest.Name) && status.GetValueOrDefault(ReconcileScope.KeyOf(manifest))?.LastReport?.InvalidSpec.Count is null or 0)
            {
                drifted.Add(ReconcileScope.KeyOf(manifest));
            }
        }

        if (recordsOnly)
        {
            return drifted.Where(k => !(status.GetValueOrDefault(k)?.InBackoff(now) ?? false)).Distinct().ToList();
        }

        var namespaces = driver.ListNamespaces(namespacePrefix).ToHashSet(StringComparer.Ordinal);
        foreach (var tunnel in tunnelRecords)
        {
            var broken = !namespaces.Contains(tunnel.Namespace)
                || (tunnel.WireGuardProcess is { } wireguard && !driver.IsAlive(wireguard));
            if (broken)
            {
                drifted.Add(tunnel.Name);
            }
        }

        foreach (var proxy in proxyRecords)
        {
            if (!driver.IsAlive(proxy.Process))
            {
                drifted.Add(proxy.TunnelRef);
            }
        }

        // A port keeper is named after its tunnel, which is also its key.
        drifted.AddRange(records.LoadPortForwards().Records.Where(k => !driver.IsAlive(k.Process)).Select(k => k.Name));

        return drifted.Where(k => !(status.GetValueOrDefault(k)?.InBackoff(now) ?? false)).Distinct().ToList();
    }
}
