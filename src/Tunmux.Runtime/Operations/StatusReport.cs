using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Observed;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// Turns a host view into per-object status, the same rules for get, status, describe and tests.
/// Readiness is the Ready condition: the daemon's when the view carries its live status (real
/// transition times and events), otherwise derived from the view's one observation. Pure.
/// </summary>
public static class StatusReport
{
    public static IReadOnlyList<TunnelStatus> Tunnels(HostView view) => TunnelRows(view).Select(r => r.Row).ToList();

    private static List<(TunnelStatus Row, ConditionSet Conditions)> TunnelRows(HostView view)
    {
        var rows = new List<(TunnelStatus, ConditionSet)>();
        var declared = view.Desired.Tunnels.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var manifests = view.Declared.OfType<TunnelManifest>().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = manifests.Keys.Concat(view.Observed.Tunnels.Select(t => t.Record.Name)).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            manifests.TryGetValue(name, out var manifest);
            declared.TryGetValue(name, out var desired);
            var observed = view.TunnelRecord(name);
            var facts = observed?.Facts ?? TunnelFacts.Missing;
            var (conditions, phase, generation, events, known) = Live(view, name, desired) is { } live
                ? (live.Conditions, live.Phase, live.Generation, live.Events, true)
                : FromObservation(view, name, manifest is not null, observed);
            var ready = conditions.Find(ConditionTypes.Ready);
            var activePeer = observed?.Record.ActivePeer;
            var endpoint = facts.PeerEndpoint
                ?? (activePeer is { } index && desired is not null ? desired.WireGuard.Peers[desired.PeerIndex(index)].Endpoint : null);
            rows.Add((new TunnelStatus(
                name,
                // A provider tunnel its client sent to the daemon is declared as plain WireGuard; its label keeps the provider.
                manifest is null ? "-" : ProviderLabels.ProviderOf(manifest),
                (manifest?.Spec.Mode.ToString() ?? "-").ToLowerInvariant(),
                observed?.Record.Backend.ToString().ToLowerInvariant(),
                observed?.Record.Namespace,
                observed?.Record.Interface,
                ready?.Status == ConditionStatus.True,
                ready?.Reason ?? "Unknown",
                facts.PeerEndpoint,
                facts.LatestHandshake,
                facts.RxBytes,
                facts.TxBytes,
                observed?.Record.CreatedAt)
            {
                // The record names the server the tunnel was built against: views resolve no
                // providers, so for provider tunnels only the record knows it.
                Server = observed?.Record.Server ?? desired?.Server ?? endpoint,
                OwnerUid = manifest?.OwnerUid,
                ActivePeer = activePeer + 1,
                PeerCount = desired?.WireGuard.Peers.Count ?? manifest?.Spec.WireGuard?.AllPeers.Count ?? 0,
                PortForwarding = manifest?.Spec.PortForwarding == true || view.PortForwardRecord(name) is not null
                    ? PortForwardStatus.Of(manifest?.Spec.PortForwardingHook ?? [], view.PortForwardRecord(name), view.ObservedAt)
                    : null,
                Phase = phase,
                ObservedGeneration = generation,
                Conditions = ConditionView.Of(conditions, known),
                Events = events,
            }, conditions));
        }

        return rows;
    }

    public static IReadOnlyList<ProxyStatus> Proxies(HostView view)
    {
        var rows = new List<ProxyStatus>();
        var manifests = view.Declared.OfType<ProxyManifest>().ToDictionary(p => p.Name, StringComparer.Ordinal);
        var tunnels = TunnelRows(view).ToDictionary(t => t.Row.Name, t => t.Conditions, StringComparer.Ordinal);
        var names = manifests.Keys.Concat(view.Observed.Proxies.Select(p => p.Record.Name)).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            manifests.TryGetValue(name, out var manifest);
            var observed = view.ProxyRecord(name);
            var tunnelRef = manifest?.Spec.TunnelRef ?? observed?.Record.TunnelRef ?? "-";
            ConditionSet conditions;
            IReadOnlyList<Core.Lifecycle.History.EventHistoryEntry> events = [];
            var (generation, known) = (1L, false);
            if (view.Live?.Proxies.GetValueOrDefault(name) is { } live && Live(view, tunnelRef, view.DesiredTunnel(tunnelRef)) is not null)
            {
                (conditions, events, generation, known) = (live.Conditions, live.Events, live.Generation, true);
            }
            else
            {
                var tunnelUp = tunnels.TryGetValue(tunnelRef, out var tunnel) ? tunnel.Find(ConditionTypes.TunnelUp) : null;
                var readiness = ObservedConditions.Proxy(name, manifest is not null, observed);
                conditions = ProxyConditions.Derive(ConditionSet.Empty, readiness, tunnelUp, tunnelRef, generation, view.ObservedAt);
            }

            var ready = conditions.Find(ConditionTypes.Ready);
            rows.Add(new ProxyStatus(
                name,
                tunnelRef,
                observed?.Record.SocksListen,
                observed?.Record.HttpListen,
                observed?.Record.Process.Pid,
                ready?.Status == ConditionStatus.True,
                ready?.Reason ?? "Unknown",
                observed?.Record.CreatedAt)
            {
                ObservedGeneration = generation,
                OwnerUid = manifest?.OwnerUid,
                ActiveConnections = observed?.Connections?.Active,
                TotalConnections = observed?.Connections?.Total,
                Conditions = ConditionView.Of(conditions, known),
                Events = events,
            });
        }

        return rows;
    }

    /// <summary>The daemon's status of a tunnel, unless it describes an older spec than the declared one.</summary>
    private static LiveObjectStatus? Live(HostView view, string tunnel, Core.Model.DesiredTunnel? desired) =>
        view.Live?.Tunnels.GetValueOrDefault(tunnel) is { } live && (desired is null || live.SpecHash is null || live.SpecHash == desired.SpecHash)
            ? live
            : null;

    private static (ConditionSet Conditions, string? Phase, long Generation, IReadOnlyList<Core.Lifecycle.History.EventHistoryEntry> Events, bool Known) FromObservation(
        HostView view, string name, bool isDeclared, ObservedTunnel? observed)
    {
        var desired = view.DesiredTunnel(name);
        var state = ObservedConditions.TunnelState(isDeclared, desired, observed, view.ObservedAt, view.Policy);
        var proxies = view.Declared.OfType<ProxyManifest>().Where(p => p.Spec.TunnelRef == name)
            .Select(p => ObservedConditions.Proxy(p.Name, true, view.ProxyRecord(p.Name)))
            .ToList();
        var conditions = TunnelConditions.Derive(ConditionSet.Empty, state, observed?.Facts, proxies, 1, view.ObservedAt);
        return (conditions, state.Phase.ToString(), 1, [], false);
    }
}
