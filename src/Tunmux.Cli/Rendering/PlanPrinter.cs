using Spectre.Console;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Rendering;

/// <summary>Shows plans and their outcome; the text is the same as PlanRenderer's, with colour.</summary>
public static class PlanPrinter
{
    public static void PrintPlan(IAnsiConsole console, PlanSummary plan)
    {
        foreach (var line in PlanRenderer.Render(plan).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colour = line[0] switch
            {
                '+' => "green",
                '~' => "yellow",
                '-' => "red",
                '!' => "orange1",
                _ => "default",
            };
            console.MarkupLine($"[{colour}]{SafeText.Markup(line)}[/]");
        }
    }

    public static void PrintOutcome(IAnsiConsole console, Runtime.Execution.ChangeOutcome outcome) =>
        PrintOutcome(console, new ChangeResult(outcome.Change.Kind, outcome.Change.Name, outcome.Change.Action, outcome.Error));

    public static void PrintOutcome(IAnsiConsole console, ChangeResult outcome)
    {
        var subject = $"{outcome.Kind.ToString().ToLowerInvariant()}/{outcome.Name}";
        if (outcome.Error is null)
        {
            console.MarkupLine($"{SafeText.Markup(subject)} [green]{Past(outcome.Action)}[/]");
        }
        else
        {
            console.MarkupLine($"{SafeText.Markup(subject)} [red]{PlanRenderer.Verb(outcome.Action)} failed:[/] {SafeText.Markup(outcome.Error)}");
        }
    }

    public static void PrintNotes(IAnsiConsole console, OperationReport report)
    {
        foreach (var note in report.Notes)
        {
            console.MarkupLine($"[orange1]note[/] {SafeText.Markup(note)}");
        }
    }

    private static string Past(ChangeAction action) => action switch
    {
        ChangeAction.Create => "created",
        ChangeAction.Replace => "replaced",
        ChangeAction.Delete => "deleted",
        ChangeAction.Reconnect => "reconnected",
        _ => "unchanged",
    };
}
