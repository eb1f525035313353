namespace Tunmux.Bench;

/// <summary>Everything measured for one row of the table; one JSON line per target in the results file.</summary>
internal sealed record TargetResult
{
    public required string Name { get; init; }

    public required string Via { get; init; }

    /// <summary>Whether this row is the "direct" baseline the ratios divide by.</summary>
    public bool Baseline { get; init; }

    /// <summary>Which pass over all targets this line came from (the script interleaves targets).</summary>
    public int Round { get; init; }

    /// <summary>Memory before any traffic, when this line measured it.</summary>
    public MemorySample? Idle { get; init; }

    public DownloadResult? Download { get; init; }

    public RateResult? Latency { get; init; }

    public RateResult? Rate { get; init; }

    public HoldResult? Hold { get; init; }

    /// <summary>Why the hold test did not run for this target, when it did not.</summary>
    public string? HoldSkipped { get; init; }

    /// <summary>A whole test that failed outright (the row then shows what it has).</summary>
    public List<string> Failures { get; init; } = [];
}
