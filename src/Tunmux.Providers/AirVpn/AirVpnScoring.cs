namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Eddie's server score, as tunmux computes it (integer arithmetic throughout):
/// ping + load% + users% + max(scorebase, 0), or 99995 when the ping is unknown. Lower is better.
/// </summary>
public static class AirVpnScoring
{
    public const long UnknownLatencyScore = 99995;

    /// <summary>((bw · 2 · 8) / 1 000 000) · 100 / bw_max, or 100 when the capacity is unknown.</summary>
    public static long LoadPercent(AirVpnServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.BandwidthMax <= 0 ? 100 : (server.Bandwidth * 2 * 8 / 1_000_000) * 100 / server.BandwidthMax;
    }

    /// <summary>users · 100 / users_max, or 100 when the maximum is unknown.</summary>
    public static long UsersPercent(AirVpnServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.UsersMax <= 0 ? 100 : server.Users * 100 / server.UsersMax;
    }

    public static long Score(AirVpnServer server, long? latencyMs) =>
        latencyMs is { } ping
            ? ping + LoadPercent(server) + UsersPercent(server) + Math.Max(server.ScoreBase, 0)
            : UnknownLatencyScore;

    /// <summary>
    /// Orders servers for `--sort score` (score, then latency, then name) or `--sort latency`
    /// (latency, then score, then name). Unknown latencies go last.
    /// </summary>
    public static IReadOnlyList<AirVpnServer> Rank(IEnumerable<AirVpnServer> servers, IReadOnlyDictionary<string, long> latencyByName, bool byLatency = false)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(latencyByName);
        var scored = servers.Select(server =>
        {
            long? latency = latencyByName.TryGetValue(server.Name, out var ms) ? ms : null;
            return (Server: server, Score: Score(server, latency), Latency: latency ?? long.MaxValue);
        });
        var ordered = byLatency
            ? scored.OrderBy(entry => entry.Latency).ThenBy(entry => entry.Score)
            : scored.OrderBy(entry => entry.Score).ThenBy(entry => entry.Latency);
        return [.. ordered.ThenBy(entry => entry.Server.Name, StringComparer.Ordinal).Select(entry => entry.Server)];
    }
}
