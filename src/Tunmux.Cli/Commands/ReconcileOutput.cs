using Spectre.Console;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Commands;

/// <summary>How apply and delete report a reconcile, and which exit code it earns.</summary>
public static class ReconcileOutput
{
    public static int Report(IAnsiConsole console, IAnsiConsole error, OperationResult result, bool dryRun)
    {
        PlanPrinter.PrintNotes(error, result);
        if (result.IsInvalid)
        {
            ErrorPrinter.Print(error, result.Errors);
            return ExitCodes.InvalidInput;
        }

        if (dryRun)
        {
            PlanPrinter.PrintPlan(console, result.Plan!);
            return ExitCodes.Success;
        }

        if (result.Plan is { HasChanges: false })
        {
            console.WriteLine(result.Plan.Summary);
            return ExitCodes.Success;
        }

        if (!result.Succeeded)
        {
            var failures = result.Execution!.Failures.Count();
            error.MarkupLine($"[red]{failures} change{(failures == 1 ? "" : "s")} failed.[/] The rest was applied; run the command again to retry.");
            return ExitCodes.Failed;
        }

        if (result.Remaining is { HasChanges: true } remaining)
        {
            error.MarkupLine("[orange1]Applied, but the host does not match yet:[/]");
            PlanPrinter.PrintPlan(error, remaining);
            return ExitCodes.Failed;
        }

        var plan = result.Plan!;
        console.WriteLine($"Applied: {plan.ToAdd} added, {plan.ToChange} changed, {plan.ToDestroy} destroyed.");
        return ExitCodes.Success;
    }
}
