using System.CommandLine;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Operations;
using Tunmux.Cli.Rendering;

namespace Tunmux.Cli.Commands;

public static class DiffCommand
{
    public static Command Build(CliContext context)
    {
        var files = ManifestInput.FileOption(required: true);
        var prune = new Option<bool>("--prune") { Description = "Compare as if the input were the complete declared set." };
        var command = new Command("diff", "Show what apply would change. Exit code 0: no changes, 1: changes, above 1: error.")
        {
            files, prune,
        };
        command.SetAction((parse, cancellationToken) => OperationsCommand.RunAsync(parse, context, null, cancellationToken, async operations =>
        {
            var report = await operations.DiffAsync(parse.GetValue(files)!, parse.GetValue(prune), cancellationToken);
            PlanPrinter.PrintNotes(context.Error, report);
            if (report.IsInvalid)
            {
                ErrorPrinter.Print(context.Error, report.Errors);
                return ExitCodes.InvalidInput;
            }

            PlanPrinter.PrintPlan(context.Out, report.Plan!);
            return report.Plan!.HasChanges ? ExitCodes.Changes : ExitCodes.Success;
        }));
        return command;
    }
}
