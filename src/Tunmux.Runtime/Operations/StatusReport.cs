using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Operations;

public sealed record TunnelStatus(
    string Name,
    string Provider,
    string Mode,
    string? Backend,
    string? Namespace,
    string? Interface,
    bool Ready,
    string Reason,
    string? PeerEndpoint,
    DateTimeOffset? LatestHandshake,
    long RxBytes,
    long TxBytes,
    DateTimeOffset? CreatedAt);

public sealed record ProxyStatus(
    string Name,
    string TunnelRef,
    string? Socks,
    string? Http,
    int? Pid,
    bool Ready,
    string Reason,
    DateTimeOffset? CreatedAt);

/// <summary>
/// Turns a host view into per-object readiness, the same rules for get, status and tests.
/// Pure: the view holds one observation.
/// </summary>
public static class StatusReport
{
    public static IReadOnlyList<TunnelStatus> Tunnels(HostView view)
    {
        var rows = new List<TunnelStatus>();
        var declared = view.Desired.Tunnels.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var manifests = view.Declared.OfType<Api.Model.TunnelManifest>().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = manifests.Keys.Concat(view.Observed.Tunnels.Select(t => t.Record.Name)).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            manifests.TryGetValue(name, out var manifest);
            declared.TryGetValue(name, out var desired);
            var observed = view.TunnelRecord(name);
            var (ready, reason) = Readiness(manifest is not null, desired?.SpecHash, observed);
            var facts = observed?.Facts ?? TunnelFacts.Missing;
            rows.Add(new TunnelStatus(
                name,
                manifest?.Spec.Provider ?? "-",
                (manifest?.Spec.Mode.ToString() ?? "-").ToLowerInvariant(),
                observed?.Record.Backend.ToString().ToLowerInvariant(),
                observed?.Record.Namespace,
                observed?.Record.Interface,
                ready,
                reason,
                facts.PeerEndpoint,
                facts.LatestHandshake,
                facts.RxBytes,
                facts.TxBytes,
                observed?.Record.CreatedAt));
        }

        return rows;
    }

    public static IReadOnlyList<ProxyStatus> Proxies(HostView view)
    {
        var rows = new List<ProxyStatus>();
        var manifests = view.Declared.OfType<Api.Model.ProxyManifest>().ToDictionary(p => p.Name, StringComparer.Ordinal);
        var tunnels = Tunnels(view).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = manifests.Keys.Concat(view.Observed.Proxies.Select(p => p.Record.Name)).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            manifests.TryGetValue(name, out var manifest);
            var observed = view.ProxyRecord(name);
            var tunnelRef = manifest?.Spec.TunnelRef ?? observed?.Record.TunnelRef ?? "-";
            var tunnelReady = tunnels.TryGetValue(tunnelRef, out var tunnel) && tunnel.Ready;
            var (ready, reason) = (manifest, observed) switch
            {
                (null, _) => (false, "NotDeclared"),
                (_, null) => (false, "NotCreated"),
                (_, { ProcessAlive: false }) => (false, "WorkerNotRunning"),
                _ when !tunnelReady => (false, $"TunnelNotReady"),
                _ => (true, "Listening"),
            };
            rows.Add(new ProxyStatus(
                name,
                tunnelRef,
                observed?.Record.SocksListen,
                observed?.Record.HttpListen,
                observed?.Record.Process.Pid,
                ready,
                reason,
                observed?.Record.CreatedAt));
        }

        return rows;
    }

    private static (bool Ready, string Reason) Readiness(bool isDeclared, string? desiredHash, ObservedTunnel? observed) =>
        (isDeclared, observed) switch
        {
            (false, _) => (false, "NotDeclared"),
            (_, null) => (false, "NotCreated"),
            _ when observed.Facts.BrokenReason is { } broken => (false, Pascal(broken)),
            _ when desiredHash is not null && desiredHash != observed.Record.SpecHash => (false, "SpecChanged"),
            _ => (true, "TunnelUp"),
        };

    /// <summary>"interface is missing" -> "InterfaceIsMissing", a Kubernetes-style reason.</summary>
    private static string Pascal(string words) =>
        string.Concat(words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
