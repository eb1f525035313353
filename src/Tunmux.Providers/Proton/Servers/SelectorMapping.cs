using Tunmux.Api.Model;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>From a manifest's spec.server (and the CLI's flags) to a <see cref="ServerQuery"/>, and back from a filter to its field.</summary>
public static class SelectorMapping
{
    public static ServerFeatures FeatureOf(string word) => word switch
    {
        "p2p" => ServerFeatures.P2P,
        "streaming" => ServerFeatures.Streaming,
        "secure-core" => ServerFeatures.SecureCore,
        "tor" => ServerFeatures.Tor,
        _ => throw new ArgumentException($"Proton has no server feature \"{word}\".", nameof(word)),
    };

    /// <param name="accountMaxTier">The plan's MaxTier; servers above it are left out.</param>
    /// <param name="portForwarding">Port forwarding needs a P2P server.</param>
    public static ServerQuery ToQuery(ServerSelectorSpec? selector, int? accountMaxTier, bool portForwarding)
    {
        var features = (selector?.Features ?? []).Aggregate(ServerFeatures.None, (all, word) => all | FeatureOf(word));
        if (portForwarding)
        {
            features |= ServerFeatures.P2P;
        }

        return new ServerQuery
        {
            Name = selector?.Name,
            Country = selector?.Country,
            City = selector?.City,
            Features = features,
            Tier = selector?.Tier switch
            {
                "free" => TierFilter.Free,
                "paid" => TierFilter.Paid,
                _ => TierFilter.Any,
            },
            AccountMaxTier = accountMaxTier is { } tier ? (ServerTier)tier : null,
            MaxLoad = selector?.MaxLoad,
            Sort = selector?.Sort == "load" ? ServerSort.Load : ServerSort.Score,
        };
    }

    public static bool WantsLatency(ServerSelectorSpec? selector) => selector?.Sort == "latency";

    /// <summary>The manifest field a filter comes from, for error messages.</summary>
    public static string FieldOf(ServerFilter filter) => filter switch
    {
        ServerFilter.Name => "spec.server.name",
        ServerFilter.Country => "spec.server.country",
        ServerFilter.City => "spec.server.city",
        ServerFilter.Tier => "spec.server.tier",
        ServerFilter.Features => "spec.server.features",
        ServerFilter.MaxLoad => "spec.server.maxLoad",
        ServerFilter.AccountTier => "spec.account",
        _ => "spec.server",
    };

    /// <summary>"country=CH", the filter and the value that emptied the list.</summary>
    public static string Describe(ServerFilter filter, ServerQuery query) => filter switch
    {
        ServerFilter.Name => $"name={query.Name}",
        ServerFilter.Country => $"country={query.Country?.ToUpperInvariant()}",
        ServerFilter.City => $"city={query.City}",
        ServerFilter.Tier => $"tier={query.Tier.ToString().ToLowerInvariant()}",
        ServerFilter.Features => $"features={(query.Features == ServerFeatures.None ? "none" : query.Features.ToString())}",
        ServerFilter.MaxLoad => $"maxLoad={query.MaxLoad}",
        ServerFilter.AccountTier => $"account tier={query.AccountMaxTier}",
        ServerFilter.Online => "online",
        _ => "server list",
    };
}
