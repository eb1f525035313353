namespace Tunmux.Core.Planning;

/// <summary>
/// A plan as people and clients see it: what happens to which object and why, without the
/// payloads the executor needs (resolved keys among them). The daemon sends this, never a <see cref="Plan"/>.
/// </summary>
public sealed record PlanSummary(IReadOnlyList<ChangeSummary> Changes, IReadOnlyList<string> Warnings)
{
    public int ToAdd => Changes.Count(c => c.Action == ChangeAction.Create);

    /// <summary>Replacements and recovery steps (a reconnect changes a tunnel in place).</summary>
    public int ToChange => Changes.Count(c => c.Action is ChangeAction.Replace or ChangeAction.Reconnect);

    public int ToDestroy => Changes.Count(c => c.Action == ChangeAction.Delete);

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoOp);

    public string Summary => HasChanges
        ? $"Plan: {ToAdd} to add, {ToChange} to change, {ToDestroy} to destroy."
        : "No changes. The host matches the declared state.";

    public static PlanSummary Of(Plan plan) => new(plan.Changes.Select(ChangeSummary.Of).ToList(), plan.Warnings);
}

/// <param name="Details">Field changes for people ("socks: A -> B"); never secrets.</param>
public sealed record ChangeSummary(ResourceKind Kind, string Name, ChangeAction Action, string Reason, IReadOnlyList<string> Details)
{
    public static ChangeSummary Of(PlannedChange change) => new(change.Kind, change.Name, change.Action, change.Reason, change.Details);
}
