using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Storage;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>
/// The server list with a cache: fresh enough (<see cref="Ttl"/>) is used as is, older is fetched
/// again, and when the API cannot answer an older list is used with a warning rather than failing.
/// </summary>
public sealed class ProtonServerList(ProtonStore store, TimeProvider? time = null)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan Ttl { get; init; } = DefaultTtl;

    public async Task<ServerListResult> GetAsync(ProtonClient client, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cached = store.LoadServers();
        var now = _time.GetUtcNow();
        if (!refresh && cached is not null && now - cached.FetchedAt < Ttl && cached.FetchedAt <= now)
        {
            return new ServerListResult(cached.LogicalServers, cached.FetchedAt, FromCache: true, Warning: null);
        }

        try
        {
            var fetched = await client.LogicalsAsync(cancellationToken).ConfigureAwait(false);
            store.SaveServers(new ServerCache(now, fetched.LogicalServers));
            return new ServerListResult(fetched.LogicalServers, now, FromCache: false, Warning: null);
        }
        catch (ProtonException exception) when (cached is not null && exception.Problem is ProtonProblem.Unreachable or ProtonProblem.ServerError or ProtonProblem.Malformed)
        {
            var warning = $"{exception.Message}; using the server list cached {Age(now - cached.FetchedAt)} ago";
            return new ServerListResult(cached.LogicalServers, cached.FetchedAt, FromCache: true, warning);
        }
    }

    private static string Age(TimeSpan age) => age.TotalHours >= 48
        ? $"{(int)age.TotalDays} days"
        : age.TotalMinutes >= 120 ? $"{(int)age.TotalHours} hours" : $"{Math.Max(0, (int)age.TotalMinutes)} minutes";
}
