using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// spec.server for AirVPN, as pure functions: filters applied in order (name, country, city,
/// maxLoad), each failure naming the filter that emptied the list and what was left to choose
/// from; then ordering by Eddie's score, by load, or by latency.
/// </summary>
public static class AirVpnServerChooser
{
    public const string Score = "score";
    public const string Load = "load";
    public const string Latency = "latency";

    public static (IReadOnlyList<AirVpnServer> Matches, ProviderProblem? Problem) Filter(IReadOnlyList<AirVpnServer> servers, ServerSelectorSpec? selector)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0)
        {
            return ([], new ProviderProblem("spec.server", "the AirVPN server list is empty; run `tunmux airvpn login` again to refresh it"));
        }

        selector ??= new ServerSelectorSpec();
        if (selector.Features.Count > 0)
        {
            return ([], new ProviderProblem("spec.server.features", "AirVPN servers have no features to select by; remove spec.server.features"));
        }

        if (selector.Tier is not null)
        {
            return ([], new ProviderProblem("spec.server.tier", "AirVPN has no free tier; remove spec.server.tier"));
        }

        var left = servers;
        if (selector.Name is { } name)
        {
            left = [.. left.Where(s => NameMatches(s, name))];
            if (left.Count == 0)
            {
                return ([], new ProviderProblem("spec.server.name", $"AirVPN has no server named \"{name}\"{Suggest(servers, name)}"));
            }
        }

        if (selector.Country is { } country)
        {
            var before = left;
            left = [.. left.Where(s => CountryMatches(s, country))];
            if (left.Count == 0)
            {
                var message = selector.Name is not null
                    ? $"server {before[0].Name} is in {before[0].CountryCode}, not {country.ToUpperInvariant()}"
                    : $"no AirVPN server in {country.ToUpperInvariant()}; countries with servers: {Distinct(before.Select(s => s.CountryCode.ToUpperInvariant()))}";
                return ([], new ProviderProblem("spec.server.country", message));
            }
        }

        if (selector.City is { } city)
        {
            var before = left;
            left = [.. left.Where(s => CityMatches(s, city))];
            if (left.Count == 0)
            {
                var where = selector.Country is { } c ? $" in {c.ToUpperInvariant()}" : "";
                return ([], new ProviderProblem("spec.server.city", $"no AirVPN server in city \"{city}\"{where}; cities left: {Distinct(before.Select(s => s.Location))}"));
            }
        }

        if (selector.MaxLoad is { } maxLoad)
        {
            var before = left;
            left = [.. left.Where(s => AirVpnScoring.LoadPercent(s) <= maxLoad)];
            if (left.Count == 0)
            {
                var least = before.MinBy(AirVpnScoring.LoadPercent)!;
                return ([], new ProviderProblem(
                    "spec.server.maxLoad",
                    $"all {before.Count} AirVPN servers left are loaded above {maxLoad}% (least loaded: {least.Name} at {AirVpnScoring.LoadPercent(least)}%)"));
            }
        }

        return (left, null);
    }

    /// <summary>
    /// Whether a server chosen earlier still fits the selector's fixed filters. Load is left
    /// out on purpose: a kept server is not dropped because its load moved.
    /// </summary>
    public static bool StillMatches(AirVpnServer server, ServerSelectorSpec? selector) =>
        selector is null
        || ((selector.Name is null || NameMatches(server, selector.Name))
            && (selector.Country is null || CountryMatches(server, selector.Country))
            && (selector.City is null || CityMatches(server, selector.City)));

    public static bool NeedsLatency(string? sort) => sort is null or Score or Latency;

    /// <summary>Best first. Without any measured latency, score uses load and users alone (latency 0 for all).</summary>
    public static IReadOnlyList<AirVpnServer> Order(IReadOnlyList<AirVpnServer> servers, string? sort, IReadOnlyDictionary<string, long> latencyByName)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(latencyByName);
        if (sort == Load)
        {
            return
            [
                .. servers.OrderBy(AirVpnScoring.LoadPercent)
                    .ThenBy(AirVpnScoring.UsersPercent)
                    .ThenBy(s => s.Name, StringComparer.Ordinal),
            ];
        }

        var latencies = latencyByName.Count > 0 ? latencyByName : servers.ToDictionary(s => s.Name, _ => 0L, StringComparer.Ordinal);
        return AirVpnScoring.Rank(servers, latencies, byLatency: sort == Latency);
    }

    private static bool NameMatches(AirVpnServer server, string name) => string.Equals(server.Name, name, StringComparison.OrdinalIgnoreCase);

    private static bool CountryMatches(AirVpnServer server, string country) => string.Equals(server.CountryCode, country, StringComparison.OrdinalIgnoreCase);

    private static bool CityMatches(AirVpnServer server, string city) => string.Equals(server.Location, city, StringComparison.OrdinalIgnoreCase);

    private static string Distinct(IEnumerable<string> values) =>
        string.Join(", ", values.Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));

    private static string Suggest(IReadOnlyList<AirVpnServer> servers, string name)
    {
        var close = servers.Where(s => s.Name.StartsWith(name[..1], StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).Order(StringComparer.Ordinal).Take(8).ToList();
        return close.Count > 0 ? $"; servers starting with {name[..1].ToUpperInvariant()}: {string.Join(", ", close)}" : "; see `tunmux airvpn servers`";
    }
}
