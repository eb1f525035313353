using Tunmux.Providers.Latency;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>Orders the best-scored candidates by measured latency; servers that did not answer go last, in score order.</summary>
public static class LatencySort
{
    /// <summary>How many candidates are measured (as the original tunmux).</summary>
    public const int Candidates = 24;

    public static async Task<IReadOnlyList<LogicalServer>> SortAsync(IReadOnlyList<LogicalServer> byScore, ILatencyProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(byScore);
        ArgumentNullException.ThrowIfNull(probe);
        var candidates = byScore.Take(Candidates).ToList();
        var targets = candidates.Where(s => s.FirstUsablePhysical is not null).Select(s => (s.Name, s.FirstUsablePhysical!.EntryIp)).ToList();
        var latencies = await probe.MeasureAsync(targets, cancellationToken).ConfigureAwait(false);
        return
        [
            .. candidates.Select((server, rank) => (server, rank))
                .OrderBy(c => latencies.TryGetValue(c.server.Name, out var ms) ? ms : long.MaxValue)
                .ThenBy(c => c.rank)
                .Select(c => c.server),
            .. byScore.Skip(Candidates),
        ];
    }
}
