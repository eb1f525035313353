using Spectre.Console;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Rendering;

/// <summary>Shows plans and their outcome; the text is the same as PlanRenderer's, with colour.</summary>
public static class PlanPrinter
{
    public static void PrintPlan(IAnsiConsole console, Plan plan)
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
            console.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
        }
    }

    public static void PrintOutcome(IAnsiConsole console, ChangeOutcome outcome)
    {
        var change = outcome.Change;
        var subject = $"{change.Kind.ToString().ToLowerInvariant()}/{change.Name}";
        if (outcome.Error is null)
        {
            console.MarkupLine($"{Markup.Escape(subject)} [green]{Past(change.Action)}[/]");
        }
        else
        {
            console.MarkupLine($"{Markup.Escape(subject)} [red]{PlanRenderer.Verb(change.Action)} failed:[/] {Markup.Escape(outcome.Error)}");
        }
    }

    public static void PrintNotes(IAnsiConsole console, OperationResult result)
    {
        foreach (var note in result.Notes)
        {
            console.MarkupLine($"[orange1]note[/] {Markup.Escape(note)}");
        }
    }

    private static string Past(ChangeAction action) => action switch
    {
        ChangeAction.Create => "created",
        ChangeAction.Replace => "replaced",
        ChangeAction.Delete => "deleted",
        _ => "unchanged",
    };
}
