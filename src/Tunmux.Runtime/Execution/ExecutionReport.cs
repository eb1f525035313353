using Tunmux.Core.Planning;

namespace Tunmux.Runtime.Execution;

/// <summary>What running a plan did, change by change.</summary>
public sealed record ExecutionReport(IReadOnlyList<ChangeOutcome> Outcomes)
{
    public bool Succeeded => Outcomes.All(o => o.Error is null);

    public IEnumerable<ChangeOutcome> Failures => Outcomes.Where(o => o.Error is not null);
}

/// <param name="Error">Null on success; otherwise a message for a person (never a secret).</param>
public sealed record ChangeOutcome(PlannedChange Change, string? Error);
