using Spectre.Console;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Commands;

/// <summary>How apply and delete report a reconcile, and which exit code it earns.</summary>
public static class ReconcileOutput
{
    /// <summary>A reconcile run here, whose changes were printed as they finished.</summary>
    public static int Report(IAnsiConsole console, IAnsiConsole error, Runtime.Operations.OperationResult result, bool dryRun) =>
        Report(console, error, OperationReport.Of(result), dryRun, outcomesShown: true);

    /// <param name="outcomesShown">True when each change was printed as it finished; otherwise they are printed here.</param>
    public static int Report(IAnsiConsole console, IAnsiConsole error, OperationReport report, bool dryRun, bool outcomesShown)
    {
        PlanPrinter.PrintNotes(error, report);
        if (report.IsInvalid)
        {
            ErrorPrinter.Print(error, report.Errors);
            return ExitCodes.InvalidInput;
        }

        if (dryRun)
        {
            PlanPrinter.PrintPlan(console, report.Plan!);
            return ExitCodes.Success;
        }

        if (!outcomesShown)
        {
            foreach (var outcome in report.Outcomes)
            {
                PlanPrinter.PrintOutcome(console, outcome);
            }
        }

        foreach (var failure in report.Failures)
        {
            error.MarkupLine($"[red]error[/] {SafeText.Markup(failure)}");
        }

        if (report.Failures.Count > 0)
        {
            return ExitCodes.Failed;
        }

        if (report.Plan is { HasChanges: false })
        {
            console.WriteLine(report.Plan.Summary);
            return ExitCodes.Success;
        }

        if (!report.Succeeded)
        {
            var failures = report.Outcomes.Count(o => o.Error is not null);
            error.MarkupLine($"[red]{failures} change{(failures == 1 ? "" : "s")} failed.[/] The rest was applied; run the command again to retry.");
            return ExitCodes.Failed;
        }

        if (report.Remaining is { HasChanges: true } remaining)
        {
            error.MarkupLine("[orange1]Applied, but the host does not match yet:[/]");
            PlanPrinter.PrintPlan(error, remaining);
            return ExitCodes.Failed;
        }

        var plan = report.Plan!;
        console.WriteLine($"Applied: {plan.ToAdd} added, {plan.ToChange} changed, {plan.ToDestroy} destroyed.");
        return ExitCodes.Success;
    }
}
