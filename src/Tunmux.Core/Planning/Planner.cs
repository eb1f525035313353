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
            changes.Add(new PlannedChange(ResourceKind.Tunnel, stale.Record.Name, ChangeAction.Delete, "no longer declared")
            {
                CurrentTunnel = stale.Record,
            });
        }

        foreach (var orphan in observed.OrphanNamespaces.Order(StringComparer.Ordinal))
        {
            if (options.PruneOrphans)
            {
                changes.Add(new PlannedChange(ResourceKind.Tunnel, orphan, ChangeAction.Delete, "owned namespace with no record (--prune)")
                {
                    OrphanNamespace = orphan,
                });
            }
            else
            {
                warnings.Add($"namespace {orphan} carries the tunmux prefix but no record; --prune removes it");
            }
        }

        return actions;
    }

    private static PlannedChange PlanTunnel(DesiredTunnel tunnel, ObservedTunnel? current)
    {
        var change = new PlannedChange(ResourceKind.Tunnel, tunnel.Name, ChangeAction.NoOp, "up to date") { DesiredTunnel = tunnel };
        if (current is null)
        {
            return change with { Action = ChangeAction.Create, Reason = "declared, not present", Details = Describe(tunnel) };
        }

        change = change with { CurrentTunnel = current.Record };
        if (current.Record.SpecHash != tunnel.SpecHash)
        {
            return change with { Action = ChangeAction.Replace, Reason = "spec changed" };
        }

        if (current.Facts.BrokenReason is { } broken)
        {
            return change with { Action = ChangeAction.Replace, Reason = $"repair: {broken}" };
        }

        return change;
    }

    private static void PlanProxies(
        DesiredState desired, ObservedState observed, Dictionary<string, ChangeAction> tunnelActions, List<PlannedChange> changes)
    {
        var current = observed.Proxies.ToDictionary(p => p.Record.Name, StringComparer.Ordinal);
        foreach (var proxy in desired.Proxies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var change = new PlannedChange(ResourceKind.Proxy, proxy.Name, ChangeAction.NoOp, "up to date") { DesiredProxy = proxy };
            if (!current.TryGetValue(proxy.Name, out var existing))
            {
                changes.Add(change with { Action = ChangeAction.Create, Reason = "declared, not present", Details = Describe(proxy) });
                continue;
            }

            change = change with { CurrentProxy = existing.Record };
            var rebuilt = existing.Record.TunnelRef != proxy.TunnelRef || IsBuilt(tunnelActions, proxy.TunnelRef);
            if (RestartReason(proxy.TunnelRef, rebuilt, existing.Record.SpecHash != proxy.SpecHash, existing.ProcessAlive, "worker") is { } reason)
            {
                change = change with
                {
                    Action = ChangeAction.Replace,
                    Reason = reason,
                    Details = reason == SpecChanged ? Differences(existing.Record, proxy) : [],
                };
            }

            changes.Add(change);
        }

        var declared = desired.Proxies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.Proxies.Where(p => !declared.Contains(p.Record.Name)))
        {
            changes.Add(new PlannedChange(ResourceKind.Proxy, stale.Record.Name, ChangeAction.Delete, "no longer declared")
            {
                CurrentProxy = stale.Record,
            });
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
            var change = new PlannedChange(ResourceKind.PortForward, keeper.Tunnel, ChangeAction.NoOp, "up to date") { DesiredPortForward = keeper };
            if (!current.TryGetValue(keeper.Tunnel, out var existing))
            {
                changes.Add(change with { Action = ChangeAction.Create, Reason = "declared, not present", Details = [HookSummary(keeper.Hook)] });
                continue;
            }

            change = change with { CurrentPortForward = existing.Record };
            var specChanged = existing.Record.SpecHash != keeper.SpecHash;
            if (RestartReason(keeper.Tunnel, IsBuilt(tunnelActions, keeper.Tunnel), specChanged, existing.ProcessAlive, "keeper") is { } reason)
            {
                change = change with { Action = ChangeAction.Replace, Reason = reason, Details = specChanged ? [HookSummary(keeper.Hook)] : [] };
            }

            changes.Add(change);
        }

        var declared = wanted.Select(k => k.Tunnel).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.PortForwards.Where(p => !declared.Contains(p.Record.Name)))
        {
            changes.Add(new PlannedChange(ResourceKind.PortForward, stale.Record.Name, ChangeAction.Delete, "no longer declared")
            {
                CurrentPortForward = stale.Record,
            });
        }
    }

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
