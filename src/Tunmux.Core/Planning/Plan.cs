namespace Tunmux.Core.Planning;

/// <summary>An ordered list of changes, as data: rendered by the CLI, run by the executor.</summary>
/// <remarks>The counts and the summary line are <see cref="PlanSummary"/>'s, so the local and the daemon's plans read alike.</remarks>
public sealed record Plan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<string> Warnings)
{
    public int ToAdd => PlanSummary.Of(this).ToAdd;

    public int ToChange => PlanSummary.Of(this).ToChange;

    public int ToDestroy => PlanSummary.Of(this).ToDestroy;

    public bool HasChanges => PlanSummary.Of(this).HasChanges;

    public string Summary => PlanSummary.Of(this).Summary;
}
