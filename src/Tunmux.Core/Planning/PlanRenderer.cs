using System.Text;

namespace Tunmux.Core.Planning;

/// <summary>Plain-text plan, the same for `diff`, `apply --dry-run` and golden tests. Holds no secrets by construction.</summary>
public static class PlanRenderer
{
    public static string Render(Plan plan, bool includeUnchanged = false) => Render(PlanSummary.Of(plan), includeUnchanged);

    public static string Render(PlanSummary plan, bool includeUnchanged = false)
    {
        var text = new StringBuilder();
        foreach (var change in plan.Changes)
        {
            if (change.Action == ChangeAction.NoOp && !includeUnchanged)
            {
                continue;
            }

            text.Append(Symbol(change.Action)).Append(' ')
                .Append(change.Kind.ToString().ToLowerInvariant()).Append('/').Append(change.Name)
                .Append(": ").Append(Verb(change.Action)).Append(" (").Append(change.Reason).Append(")\n");
            foreach (var detail in change.Details)
            {
                text.Append("    ").Append(detail).Append('\n');
            }
        }

        foreach (var warning in plan.Warnings)
        {
            text.Append("! ").Append(warning).Append('\n');
        }

        text.Append(plan.Summary).Append('\n');
        return text.ToString();
    }

    public static string Symbol(ChangeAction action) => action switch
    {
        ChangeAction.Create => "+",
        ChangeAction.Replace or ChangeAction.Reconnect => "~",
        ChangeAction.Delete => "-",
        _ => "=",
    };

    public static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "create",
        ChangeAction.Replace => "replace",
        ChangeAction.Delete => "delete",
        ChangeAction.Reconnect => "reconnect",
        _ => "unchanged",
    };
}
