using Tunmux.Api.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Operations;

namespace Tunmux.Runtime.Reports;

/// <summary>
/// What apply, diff or delete did, as data: the refusal (errors), or the plan, what running it did
/// change by change, and what a fresh plan still wanted. The CLI renders it the same way whether it
/// ran here or in the daemon; it holds no secret (plans are summaries, errors never quote a file).
/// </summary>
public sealed record OperationReport
{
    public IReadOnlyList<ManifestError> Errors { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public PlanSummary? Plan { get; init; }

    /// <summary>True when the plan was run (not a dry run, not refused).</summary>
    public bool Executed { get; init; }

    public IReadOnlyList<ChangeResult> Outcomes { get; init; } = [];

    /// <summary>Changes a fresh plan still wanted after running; null when not run.</summary>
    public PlanSummary? Remaining { get; init; }

    public bool IsInvalid => Errors.Count > 0;

    public bool Succeeded => !IsInvalid && Outcomes.All(o => o.Error is null);

    public static OperationReport Invalid(IReadOnlyList<ManifestError> errors) => new() { Errors = errors };

    public static OperationReport Of(OperationResult result) => new()
    {
        Errors = result.Errors,
        Notes = result.Notes,
        Plan = result.Plan is { } plan ? PlanSummary.Of(plan) : null,
        Executed = result.Execution is not null,
        Outcomes = result.Execution?.Outcomes.Select(o => new ChangeResult(o.Change.Kind, o.Change.Name, o.Change.Action, o.Error)).ToList() ?? [],
        Remaining = result.Remaining is { } remaining ? PlanSummary.Of(remaining) : null,
    };
}

/// <param name="Error">Null on success; otherwise a message for a person (never a secret).</param>
public sealed record ChangeResult(ResourceKind Kind, string Name, ChangeAction Action, string? Error);
