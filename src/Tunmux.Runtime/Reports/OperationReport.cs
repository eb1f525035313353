using Tunmux.Api.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;
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

    /// <summary>Passes that failed before they could change anything, one line each (never a secret).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    public bool IsInvalid => Errors.Count > 0;

    public bool Succeeded => !IsInvalid && Failures.Count == 0 && Outcomes.All(o => o.Error is null);

    public static OperationReport Invalid(IReadOnlyList<ManifestError> errors) => new() { Errors = errors };

    public static OperationReport Of(OperationResult result) => new()
    {
        Errors = result.Errors,
        Notes = result.Notes,
        Plan = result.Plan is { } plan ? PlanSummary.Of(plan) : null,
        Executed = result.Execution is not null,
        Outcomes = result.Execution?.Outcomes.Select(o => new ChangeResult(o.Change.Kind, o.Change.Name, o.Change.Action, o.Error)).ToList() ?? [],
        Remaining = result.Remaining is { } remaining ? PlanSummary.Of(remaining) : null,
        Failures = result.Failures,
    };

    /// <summary>
    /// A change to the declared set as the control loop's passes over its keys came out: their
    /// plans and outcomes together (keys in order), and every key's manifest errors as errors.
    /// </summary>
    /// <param name="executed">False for a dry run (the passes only planned).</param>
    public static OperationReport Of(DeclaredChange change, bool executed)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Refused)
        {
            return Invalid(change.Errors);
        }

        var passes = change.Passes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
        var errors = passes.SelectMany(p => p.Report.InvalidSpec.Concat(p.Report.Unavailable)).ToList();
        var failures = passes
            .Where(p => p.Outcome is KeyOutcome.Failed && p.Report.Execution is null)
            .Select(p => $"{(p.Report.Key.Length == 0 ? "host" : $"tunnel/{p.Report.Key}")}: {((KeyOutcome.Failed)p.Outcome).Reason}")
            .ToList();
        var remaining = passes.SelectMany(p => p.Report.Remaining?.Changes ?? []).ToList();
        return new OperationReport
        {
            Errors = errors,
            Notes = [.. change.Notes, .. passes.SelectMany(p => p.Report.Notes).Distinct(StringComparer.Ordinal)],
            Plan = new PlanSummary(
                passes.SelectMany(p => p.Report.Plan?.Changes ?? []).Select(ChangeSummary.Of).ToList(),
                passes.SelectMany(p => p.Report.Plan?.Warnings ?? []).Distinct(StringComparer.Ordinal).ToList()),
            Failures = failures,
            Executed = executed,
            Outcomes = passes
                .SelectMany(p => p.Report.Execution?.Outcomes ?? [])
                .Select(o => new ChangeResult(o.Change.Kind, o.Change.Name, o.Change.Action, o.Error))
                .ToList(),
            Remaining = executed ? new PlanSummary(remaining.Select(ChangeSummary.Of).ToList(), []) : null,
        };
    }
}

/// <param name="Error">Null on success; otherwise a message for a person (never a secret).</param>
public sealed record ChangeResult(ResourceKind Kind, string Name, ChangeAction Action, string? Error);
