namespace Tunmux.Providers.Proton.Servers;

/// <summary>
/// Picks a Proton server for a <see cref="ServerQuery"/>, the way tunmux's `proton connect`
/// does, but says which filter left nothing when no server fits. Pure: no I/O, no clock.
/// </summary>
public static class ServerSelector
{
    public static ServerSelection Select(IEnumerable<LogicalServer> servers, ServerQuery query)
    {
        var (matching, failure) = Matching(servers, query);
        if (failure is not null)
        {
            return failure;
        }

        var best = matching[0];
        return ServerSelection.Found(best, best.FirstUsablePhysical!);
    }

    /// <summary>All servers that match, best first; on failure an empty list and the filter that emptied it.</summary>
    public static (IReadOnlyList<LogicalServer> Servers, ServerSelection? Failure) Matching(IEnumerable<LogicalServer> servers, ServerQuery query)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(query);
        var remaining = servers.ToList();
        if (remaining.Count == 0)
        {
            return ([], ServerSelection.Empty(ServerFilter.ServerList, "No Proton server matches: the server list is empty."));
        }

        foreach (var step in Steps(query))
        {
            var kept = remaining.Where(step.Keep).ToList();
            if (kept.Count == 0)
            {
                var error = $"No Proton server matches: {step.Reason} (the {step.Filter} filter removed the last {remaining.Count} candidate{(remaining.Count == 1 ? "" : "s")}).";
                return ([], ServerSelection.Empty(step.Filter, error));
            }

            remaining = kept;
        }

        return (Sort(remaining, query.Sort), null);
    }

    private static IEnumerable<Step> Steps(ServerQuery query)
    {
        yield return new Step(ServerFilter.Online, "no server is online with a WireGuard-ready physical server", server => server.IsOnline && server.FirstUsablePhysical is not null);

        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            yield return new Step(ServerFilter.Name, $"no server is named '{query.Name}'", server => string.Equals(server.Name, query.Name, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            yield return new Step(ServerFilter.Country, $"no server exits in country '{query.Country.ToUpperInvariant()}'", server => string.Equals(server.ExitCountry, query.Country, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(query.City))
        {
            yield return new Step(ServerFilter.City, $"no server is in city '{query.City}'", server => string.Equals(server.City, query.City, StringComparison.OrdinalIgnoreCase));
        }

        if (query.AccountMaxTier is { } maxTier)
        {
            yield return new Step(ServerFilter.AccountTier, $"no server is within the account's tier ({maxTier})", server => server.Tier <= maxTier);
        }

        switch (query.Tier)
        {
            case TierFilter.Free:
                yield return new Step(ServerFilter.Tier, "no free server", server => server.Tier == ServerTier.Free);
                break;
            case TierFilter.Paid:
                yield return new Step(ServerFilter.Tier, "no paid server", server => server.Tier != ServerTier.Free);
                break;
        }

        yield return new Step(ServerFilter.Features, DescribeFeatures(query.Features), server => HasFeatures(server.Features, query.Features));

        if (query.MaxLoad is { } maxLoad)
        {
            yield return new Step(ServerFilter.MaxLoad, $"no server has a load of {maxLoad}% or less", server => server.Load <= maxLoad);
        }
    }

    /// <summary>Every wanted feature present; Secure Core and Tor servers only when wanted.</summary>
    public static bool HasFeatures(ServerFeatures server, ServerFeatures wanted)
    {
        const ServerFeatures OptIn = ServerFeatures.SecureCore | ServerFeatures.Tor;
        return (server & wanted) == wanted && (server & OptIn & ~wanted) == 0;
    }

    private static string DescribeFeatures(ServerFeatures wanted) =>
        wanted == ServerFeatures.None
            ? "every server left is Secure Core or Tor, which must be asked for"
            : $"no server has the features {wanted} (Secure Core and Tor only when asked for)";

    private static List<LogicalServer> Sort(List<LogicalServer> servers, ServerSort sort) => sort switch
    {
        ServerSort.Load => [.. servers.OrderBy(s => s.Load).ThenBy(s => s.Score).ThenBy(s => s.Name, ServerNameComparer.Instance)],
        ServerSort.Name => [.. servers.OrderBy(s => s.Name, ServerNameComparer.Instance)],
        _ => [.. servers.OrderBy(s => s.Score).ThenBy(s => s.Load).ThenBy(s => s.Name, ServerNameComparer.Instance)],
    };

    private sealed record Step(ServerFilter Filter, string Reason, Func<LogicalServer, bool> Keep);
}
