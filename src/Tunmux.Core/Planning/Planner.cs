using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Planning;

/// <summary>
/// Compares the declared state with one snapshot of the host and says what to do. Pure: the
/// same inputs always give the same plan, so plans are golden-tested and shown before acting.
/// Proxy listeners must already have their ports (<see cref="PortAllocator"/>).
/// </summary>
public static class Planner
{
    public static Plan Compute(DesiredState desired, ObservedState observed, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        // The direct tunnel is direct mode's (Tunmux.Linux.Direct): it has no namespace to plan here.
        desired = desired with { Tunnels = desired.Tunnels.Where(t => t.Mode != TunnelMode.Direct).ToList() };
        var changes = new List<PlannedChange>();
        var warnings = new List<string>();
        var tunnelActions = PlanTunnels(desired, observed, options, changes, warnings);
        PlanProxies(desired, observed, tunnelActions, changes);
        PlanPortForwards(desired, observed, tunnelActions, changes);
        return new Plan(Order(changes), warnings);
    }

    private static Dictionary<string, ChangeAction> PlanTunnels(
        DesiredState desired, ObservedState observed, PlanOptions options, List<PlannedChange> changes, List<string> warnings)
    {
        var actions = new Dictionary<string, ChangeAction>(StringComparer.Ordinal);
        var current = observed.Tunnels.ToDictionary(t => t.Record.Name, StringComparer.Ordinal);
        foreach (var tunnel in desired.Tunnels.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var change = PlanTunnel(tunnel, current.GetValueOrDefault(tunnel.Name));
            actions[tunnel.Name] = change.Action;
            changes.Add(change);
        }

        var declared = desired.Tunnels.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.Tunnels.Where(t => !declared.Contains(t.Record.Name)))
        {
            actions[stale.Record.Name] = ChangeAction.Delete;
            changes.Add(new DeleteTunnel(stale.Record, NoLongerDeclared));
        }

        foreach (var orphan in observed.OrphanNamespaces.Order(StringComparer.Ordinal))
        {
            if (options.PruneOrphans)
            {
                changes.Add(new DeleteOrphanNamespace(orphan, "owned namespace with no record (--prune)"));
            }
            else
            {
                warnings.Add($"namespace {orphan} carries the tunmux prefix but no record; --prune removes it");
            }
        }

        foreach (var orphan in observed.OrphanInterfaces.Order(StringComparer.Ordinal))
        {
            if (options.PruneOrphans)
            {
                changes.Add(new DeleteOrphanInterface(orphan, "WireGuard interface left in the host namespace by a build that did not finish"));
            }
            else
            {
                warnings.Add($"interface {orphan} in the host namespace is named by tunmux but no record owns it; --prune removes it");
            }
        }

        return actions;
    }

    private static PlannedChange PlanTunnel(DesiredTunnel tunnel, ObservedTunnel? current)
    {
        if (current is null)
        {
            return new CreateTunnel(tunnel, NotPresent) { Details = Describe(tunnel) };
        }

        var record = current.Record;
        if (record.SpecHash != tunnel.SpecHash)
        {
            return tunnel.Recovery is { Kind: RecoveryKind.ChangeServer, FailedServer: var failed }
                ? new ReplaceTunnel(record, tunnel, $"change server: {failed ?? record.Server ?? "the server"} failed, {tunnel.Server ?? "another"} chosen")
                {
                    Details = ServerDetails(record, tunnel),
                }
                : new ReplaceTunnel(record, tunnel, SpecChanged) { Details = ServerDetails(record, tunnel) };
        }

        if (current.Facts.BrokenReason is { } broken)
        {
            return new ReplaceTunnel(record, tunnel, $"repair: {broken}");
        }

        return RecoveryReason(tunnel, record) is { } reason
            ? new ReconnectTunnel(record, tunnel, tunnel.PeerIndex(tunnel.ActivePeer), reason)
            : new Unchanged(ResourceKind.Tunnel, tunnel.Name, tunnel.Name);
    }

    /// <summary>
    /// Why a healthy tunnel whose spec is built as declared is reconnected in place: the lifecycle
    /// asked for it, or the tunnel runs on another peer than the one it should use. Null: leave it.
    /// </summary>
    private static string? RecoveryReason(DesiredTunnel tunnel, State.TunnelRecord record)
    {
        var peer = tunnel.PeerIndex(tunnel.ActivePeer);
        var from = tunnel.PeerIndex(record.ActivePeer);
        if (from != peer)
        {
            return $"fail over: peer {from + 1} -> peer {peer + 1}";
        }

        return tunnel.Recovery?.Kind switch
        {
            RecoveryKind.Reconnect => $"reconnect: peer {peer + 1} again",
            RecoveryKind.FailOver => $"fail over: peer {peer + 1} is the only candidate, its session is reset",
            RecoveryKind.ChangeServer => $"change server: no other server than {record.Server ?? "this one"} matches, its session is reset",
            _ => null,
        };
    }

    /// <summary>The server a provider tunnel moves to, when it moves (its names are public, unlike keys).</summary>
    private static IReadOnlyList<string> ServerDetails(State.TunnelRecord record, DesiredTunnel tunnel) =>
        record.Server is { } before && tunnel.Server is { } after && before != after ? [$"server: {before} -> {after}"] : [];

    private static void PlanProxies(
        DesiredState desired, ObservedState observed, Dictionary<string, ChangeAction> tunnelActions, List<PlannedChange> changes)
    {
        var current = observed.Proxies.ToDictionary(p => p.Record.Name, StringComparer.Ordinal);
        foreach (var proxy in desired.Proxies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(proxy.Name, out var existing))
            {
                changes.Add(new CreateProxy(proxy, NotPresent) { Details = Describe(proxy) });
                continue;
            }

            var rebuilt = existing.Record.TunnelRef != proxy.TunnelRef || IsBuilt(tunnelActions, proxy.TunnelRef);
            changes.Add(RestartReason(proxy.TunnelRef, rebuilt, existing.Record.SpecHash != proxy.SpecHash, existing.ProcessAlive, "worker") is { } reason
                ? new ReplaceProxy(existing.Record, proxy, reason) { Details = reason == SpecChanged ? Differences(existing.Record, proxy) : [] }
                : new Unchanged(ResourceKind.Proxy, proxy.Name, proxy.TunnelRef));
        }

        var declared = desired.Proxies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.Proxies.Where(p => !declared.Contains(p.Record.Name)))
        {
            changes.Add(new DeleteProxy(stale.Record, NoLongerDeclared));
        }
    }

    /// <summary>
    /// A keeper per tunnel that forwards a port. It lives in the tunnel's namespace, so it is
    /// restarted with the tunnel, like a proxy worker.
    /// </summary>
    private static void PlanPortForwards(
        DesiredState desired, ObservedState observed, Dictionary<string, ChangeAction> tunnelActions, List<PlannedChange> changes)
    {
        var current = observed.PortForwards.ToDictionary(p => p.Record.Name, StringComparer.Ordinal);
        var wanted = desired.Tunnels.Select(t => t.PortForward).OfType<DesiredPortForward>().ToList();
        foreach (var keeper in wanted.OrderBy(k => k.Tunnel, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(keeper.Tunnel, out var existing))
            {
                changes.Add(new CreatePortForward(keeper, NotPresent) { Details = [HookSummary(keeper.Hook)] });
                continue;
            }

            var specChanged = existing.Record.SpecHash != keeper.SpecHash;
            changes.Add(RestartReason(keeper.Tunnel, IsBuilt(tunnelActions, keeper.Tunnel), specChanged, existing.ProcessAlive, "keeper") is { } reason
                ? new ReplacePortForward(existing.Record, keeper, reason) { Details = specChanged ? [HookSummary(keeper.Hook)] : [] }
                : new Unchanged(ResourceKind.PortForward, keeper.Tunnel, keeper.Tunnel));
        }

        var declared = wanted.Select(k => k.Tunnel).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.PortForwards.Where(p => !declared.Contains(p.Record.Name)))
        {
            changes.Add(new DeletePortForward(stale.Record, NoLongerDeclared));
        }
    }

    private const string NotPresent = "declared, not present";

    private const string NoLongerDeclared = "no longer declared";

    private const string SpecChanged = "spec changed";

    private static bool IsBuilt(Dictionary<string, ChangeAction> tunnelActions, string tunnel) =>
        tunnelActions.GetValueOrDefault(tunnel, ChangeAction.NoOp) is ChangeAction.Create or ChangeAction.Replace;

    /// <summary>Why a running helper of a tunnel (proxy worker, port keeper) must be restarted; null when it may stay.</summary>
    private static string? RestartReason(string tunnel, bool tunnelRebuilt, bool specChanged, bool alive, string what) =>
        tunnelRebuilt ? $"tunnel {tunnel} is rebuilt"
        : specChanged ? SpecChanged
        : !alive ? $"repair: {what} is not running"
        : null;

    /// <summary>The hook's program only: its arguments may carry something private (a web UI password), so plans never show them.</summary>
    private static string HookSummary(IReadOnlyList<string> hook) => hook.Count switch
    {
        0 => "hook: none",
        1 => $"hook: {hook[0]}",
        _ => $"hook: {hook[0]} ({hook.Count - 1} argument{(hook.Count == 2 ? "" : "s")})",
    };

    private static IReadOnlyList<string> Describe(DesiredTunnel tunnel) =>
    [
        $"backend: {tunnel.Backend.ToString().ToLowerInvariant()}, addresses: {string.Join(", ", tunnel.WireGuard.Addresses)}",
        $"peers: {string.Join(", ", tunnel.WireGuard.Peers.Select(p => p.Endpoint ?? "(no endpoint)"))}",
    ];

    private static IReadOnlyList<string> Describe(DesiredProxy proxy) =>
        [$"socks: {proxy.Socks?.ToString() ?? "off"}, http: {proxy.Http?.ToString() ?? "off"}"];

    private static IReadOnlyList<string> Differences(State.ProxyRecord record, DesiredProxy proxy)
    {
        var details = new List<string>();
        AddIfDifferent(details, "tunnelRef", record.TunnelRef, proxy.TunnelRef);
        AddIfDifferent(details, "socks", record.SocksListen ?? "off", proxy.Socks?.ToString() ?? "off");
        AddIfDifferent(details, "http", record.HttpListen ?? "off", proxy.Http?.ToString() ?? "off");
        if (details.Count == 0)
        {
            details.Add("options changed");
        }

        return details;
    }

    private static void AddIfDifferent(List<string> details, string field, string before, string after)
    {
        if (before != after)
        {
            details.Add($"{field}: {before} -> {after}");
        }
    }

    /// <summary>
    /// Deletions first (they free names and ports), then tunnels before the helpers that run in
    /// them (proxy workers, port keepers); helpers are deleted before their tunnels.
    /// </summary>
    private static IReadOnlyList<PlannedChange> Order(List<PlannedChange> changes) =>
        changes
            .OrderBy(c => c.Action == ChangeAction.Delete ? 0 : 1)
            .ThenBy(c => c.Action == ChangeAction.Delete ? (c.Kind == ResourceKind.Tunnel ? 1 : 0) : (c.Kind == ResourceKind.Tunnel ? 0 : 1))
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
}
