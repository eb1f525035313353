namespace Tunmux.Core.Planning;

/// <summary>An ordered list of changes, as data: rendered by the CLI, run by the executor.</summary>
public sealed record Plan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<string> Warnings)
{
    public int ToAdd => Changes.Count(c => c.Action == ChangeAction.Create);

    public int ToChange => Changes.Count(c => c.Action == ChangeAction.Replace);

    public int ToDestroy => Changes.Count(c => c.Action == ChangeAction.Delete);

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoOp);

    public string Summary => HasChanges
        ? $"Plan: {ToAdd} to add, {ToChange} to change, {ToDestroy} to destroy."
        : "No changes. The host matches the declared state.";
}
