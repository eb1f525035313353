namespace Tunmux.Providers.Proton.Servers;

/// <summary>Orders the best-scored candidates by measured latency; servers that did not answer go last.</summary>
public static class LatencySort
{
    /// <summary>How many candidates are measured, at once (as the original tunmux).</summary>
    public const int Candidates = 24;

    public static async Task<IReadOnlyList<LogicalServer>> SortAsync(IReadOnlyList<LogicalServer> byScore, IServerLatencyProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(byScore);
        ArgumentNullException.ThrowIfNull(probe);
        var measured = await Task.WhenAll(byScore.Take(Candidates).Select(async (server, rank) =>
            (server, rank, latency: server.FirstUsablePhysical is { } physical
                ? await probe.MeasureAsync(physical, cancellationToken).ConfigureAwait(false)
                : null))).ConfigureAwait(false);
        return
        [
            .. measured.OrderBy(m => m.latency ?? TimeSpan.MaxValue).ThenBy(m => m.rank).Select(m => m.server),
            .. byScore.Skip(Candidates),
        ];
    }
}
