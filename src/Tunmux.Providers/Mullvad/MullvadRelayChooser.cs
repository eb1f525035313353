using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// spec.server for Mullvad, as pure functions: active relays only, then name, country, city
/// (code or name) and the owned feature, each failure naming the filter that emptied the list.
/// Mullvad publishes no load, so maxLoad and sort: load are refused; score means Mullvad's
/// weight, then latency; latency means latency, then weight.
/// </summary>
public static class MullvadRelayChooser
{
    public const string Owned = "owned";

    public static (IReadOnlyList<MullvadRelay> Matches, ProviderProblem? Problem) Filter(IReadOnlyList<MullvadRelay> relays, ServerSelectorSpec? selector)
    {
        ArgumentNullException.ThrowIfNull(relays);
        selector ??= new ServerSelectorSpec();
        if (selector.MaxLoad is not null)
        {
            return ([], new ProviderProblem("spec.server.maxLoad", "Mullvad publishes no server load; remove spec.server.maxLoad"));
        }

        if (selector.Sort == "load")
        {
            return ([], new ProviderProblem("spec.server.sort", "Mullvad publishes no server load; use sort: score or latency"));
        }

        if (selector.Tier is not null)
        {
            return ([], new ProviderProblem("spec.server.tier", "Mullvad has no free tier; remove spec.server.tier"));
        }

        if (selector.Features.FirstOrDefault(f => f != Owned) is { } unknown)
        {
            return ([], new ProviderProblem("spec.server.features", $"Mullvad has no feature \"{unknown}\"; it offers: owned"));
        }

        var left = relays.Where(r => r.Active).ToList();
        if (left.Count == 0)
        {
            return ([], new ProviderProblem("spec.server", "Mullvad's relay list has no active WireGuard relay"));
        }

        if (selector.Name is { } name)
        {
            left = [.. left.Where(r => NameMatches(r, name))];
            if (left.Count == 0)
            {
                var inactive = relays.Any(r => NameMatches(r, name));
                return ([], new ProviderProblem("spec.server.name", inactive
                    ? $"Mullvad relay {name} is not active right now"
                    : $"Mullvad has no relay named \"{name}\"; see `tunmux mullvad servers`"));
            }
        }

        if (selector.Country is { } country)
        {
            var before = left;
            left = [.. left.Where(r => CountryMatches(r, country))];
            if (left.Count == 0)
            {
                var message = selector.Name is not null
                    ? $"relay {before[0].Hostname} is in {before[0].CountryCode.ToUpperInvariant()}, not {country.ToUpperInvariant()}"
                    : $"no active Mullvad relay in {country.ToUpperInvariant()}; countries with relays: {Distinct(before.Select(r => r.CountryCode.ToUpperInvariant()))}";
                return ([], new ProviderProblem("spec.server.country", message));
            }
        }

        if (selector.City is { } city)
        {
            var before = left;
            left = [.. left.Where(r => CityMatches(r, city))];
            if (left.Count == 0)
            {
                var where = selector.Country is { } c ? $" in {c.ToUpperInvariant()}" : "";
                return ([], new ProviderProblem("spec.server.city", $"no active Mullvad relay in city \"{city}\"{where}; cities left: {Distinct(before.Select(r => r.City))}"));
            }
        }

        if (selector.Features.Contains(Owned))
        {
            var before = left;
            left = [.. left.Where(r => r.Owned)];
            if (left.Count == 0)
            {
                return ([], new ProviderProblem("spec.server.features", $"none of the {before.Count} Mullvad relays left is owned by Mullvad (all rented)"));
            }
        }

        return (left, null);
    }

    /// <summary>Whether a relay chosen earlier still fits: active, and the same name, country, city and features.</summary>
    public static bool StillMatches(MullvadRelay relay, ServerSelectorSpec? selector) =>
        relay.Active
        && (selector is null
            || ((selector.Name is null || NameMatches(relay, selector.Name))
                && (selector.Country is null || CountryMatches(relay, selector.Country))
                && (selector.City is null || CityMatches(relay, selector.City))
                && (!selector.Features.Contains(Owned) || relay.Owned)));

    public static IReadOnlyList<MullvadRelay> Order(IReadOnlyList<MullvadRelay> relays, string? sort, IReadOnlyDictionary<string, long> latencyByName)
    {
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(latencyByName);
        long Latency(MullvadRelay r) => latencyByName.TryGetValue(r.Hostname, out var ms) ? ms : long.MaxValue;
        var ordered = sort == "latency"
            ? relays.OrderBy(Latency).ThenByDescending(r => r.Weight)
            : relays.OrderByDescending(r => r.Weight).ThenBy(Latency);
        return [.. ordered.ThenBy(r => r.Hostname, StringComparer.Ordinal)];
    }

    private static bool NameMatches(MullvadRelay relay, string name) => string.Equals(relay.Hostname, name, StringComparison.OrdinalIgnoreCase);

    private static bool CountryMatches(MullvadRelay relay, string country) => string.Equals(relay.CountryCode, country, StringComparison.OrdinalIgnoreCase);

    private static bool CityMatches(MullvadRelay relay, string city) =>
        string.Equals(relay.CityCode, city, StringComparison.OrdinalIgnoreCase) || string.Equals(relay.City, city, StringComparison.OrdinalIgnoreCase);

    private static string Distinct(IEnumerable<string> values) =>
        string.Join(", ", values.Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
}
