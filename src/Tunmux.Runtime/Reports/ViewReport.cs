using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.Operations;

namespace Tunmux.Runtime.Reports;

/// <summary>
/// What get, describe, status and wait show, as data: a row per tunnel and proxy with its
/// conditions, the declared manifests (as written, for <c>get -o yaml|json</c>), the public facts
/// describe prints, and the problems a person should know about. Built where the host is observed
/// (this process, or the daemon), rendered by the CLI.
/// </summary>
public sealed record ViewReport(
    IReadOnlyList<TunnelStatus> Tunnels,
    IReadOnlyList<ProxyStatus> Proxies,
    IReadOnlyList<string> Problems,
    DateTimeOffset ObservedAt)
{
    /// <summary>The declared manifests as YAML documents, the form <see cref="ManifestWriter.ToYaml"/> writes.</summary>
    public string Manifests { get; init; } = "";

    public IReadOnlyList<TunnelDetails> Details { get; init; } = [];

    /// <summary>Recent events per object ("tunnel/NAME"); the rows leave them out of their JSON.</summary>
    public IReadOnlyList<ObjectEvents> Events { get; init; } = [];

    /// <param name="redact">Applied to each declared object before it is written (e.g. hook arguments for a non-root reader).</param>
    public static ViewReport Of(HostView view, Func<ManifestObject, ManifestObject>? redact = null)
    {
        var tunnels = StatusReport.Tunnels(view);
        var proxies = StatusReport.Proxies(view);
        return new ViewReport(
            tunnels.Select(t => t with { Events = [] }).ToList(),
            proxies.Select(p => p with { Events = [] }).ToList(),
            view.Problems,
            view.ObservedAt)
        {
            Manifests = ManifestWriter.ToYaml(view.Declared.Select(redact ?? (o => o))),
            Details = view.Desired.Tunnels.Select(TunnelDetails.Of).ToList(),
            Events =
            [
                .. tunnels.Where(t => t.Events.Count > 0).Select(t => new ObjectEvents(Subject("tunnel", t.Name), t.Events)),
                .. proxies.Where(p => p.Events.Count > 0).Select(p => new ObjectEvents(Subject("proxy", p.Name), p.Events)),
            ],
        };
    }

    /// <summary>The declared manifests, read back.</summary>
    public IReadOnlyList<ManifestObject> Declared() => ManifestLoader.LoadText(Manifests, "<declared>", "/").Objects;

    /// <summary>The tunnel rows with their events put back.</summary>
    public IReadOnlyList<TunnelStatus> TunnelsWithEvents() => Tunnels.Select(t => t with { Events = EventsOf(Subject("tunnel", t.Name)) }).ToList();

    public IReadOnlyList<ProxyStatus> ProxiesWithEvents() => Proxies.Select(p => p with { Events = EventsOf(Subject("proxy", p.Name)) }).ToList();

    /// <summary>Readiness per object as "tunnel/NAME" and "proxy/NAME", from the Ready condition.</summary>
    public IReadOnlyList<ObjectReadiness> Readiness() =>
    [
        .. Tunnels.Select(t => Ready(Subject("tunnel", t.Name), t.Ready, t.Reason, t.Conditions)),
        .. Proxies.Select(p => Ready(Subject("proxy", p.Name), p.Ready, p.Reason, p.Conditions)),
    ];

    public static string Subject(string kind, string name) => $"{kind}/{name}";

    private IReadOnlyList<EventHistoryEntry> EventsOf(string subject) =>
        Events.FirstOrDefault(e => e.Subject == subject)?.Events ?? [];

    private static ObjectReadiness Ready(string subject, bool ready, string reason, IReadOnlyList<Status.ConditionView> conditions) =>
        new(subject, ready, reason, conditions.FirstOrDefault(c => c.Type == "Ready")?.Message ?? reason);
}

public sealed record ObjectEvents(string Subject, IReadOnlyList<EventHistoryEntry> Events);
