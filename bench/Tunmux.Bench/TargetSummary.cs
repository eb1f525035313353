namespace Tunmux.Bench;

/// <summary>
/// One table row: the best of a target's rounds (the machine may be shared, and interference only
/// ever makes a run slower), the highest memory seen under load, and every error from every round.
/// </summary>
internal sealed record TargetSummary
{
    public required string Name { get; init; }

    public bool Baseline { get; init; }

    public int Rounds { get; init; }

    public MemorySample? Idle { get; init; }

    /// <summary>The fastest download.</summary>
    public DownloadResult? Download { get; init; }

    /// <summary>The one-worker run with the lowest median.</summary>
    public RateResult? Latency { get; init; }

    /// <summary>The many-worker run with the highest rate.</summary>
    public RateResult? Rate { get; init; }

    public long PeakLoadKiB { get; init; }

    public HoldResult? Hold { get; init; }

    public string? HoldSkipped { get; init; }

    /// <summary>Failed connections over all latency and rate runs, and the first message.</summary>
    public long FailedConnections { get; init; }

    public List<string> Failures { get; init; } = [];

    public static List<TargetSummary> Merge(IEnumerable<TargetResult> lines) =>
        lines.GroupBy(l => l.Name).Select(Merge).ToList();

    private static TargetSummary Merge(IGrouping<string, TargetResult> lines)
    {
        var downloads = lines.Select(l => l.Download).OfType<DownloadResult>().ToList();
        var latencies = lines.Select(l => l.Latency).OfType<RateResult>().ToList();
        var rates = lines.Select(l => l.Rate).OfType<RateResult>().ToList();
        var runs = latencies.Concat(rates).ToList();
        return new TargetSummary
        {
            Name = lines.Key,
            Baseline = lines.Any(l => l.Baseline),
            Rounds = lines.Select(l => l.Round).Distinct().Count(),
            Idle = lines.Select(l => l.Idle).FirstOrDefault(i => i is not null),
            Download = downloads.MaxBy(d => d.MiBPerSecond),
            Latency = latencies.MinBy(l => l.P50Ms),
            Rate = rates.MaxBy(r => r.PerSecond),
            PeakLoadKiB = downloads.Select(d => d.PeakKiB).Concat(rates.Select(r => r.PeakKiB)).DefaultIfEmpty().Max(),
            Hold = lines.Select(l => l.Hold).LastOrDefault(h => h is not null),
            HoldSkipped = lines.Select(l => l.HoldSkipped).FirstOrDefault(s => s is not null),
            FailedConnections = runs.Sum(r => r.Errors),
            Failures = [.. lines.SelectMany(l => l.Failures).Concat(runs.Select(r => r.FirstError).OfType<string>()).Distinct()],
        };
    }
}
