using System.CommandLine;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = context.LoadManifests(parse.GetValue(files)!);
            if (!input.IsValid)
            {
                ErrorPrinter.Print(context.Error, input.Errors);
                return ExitCodes.InvalidInput;
            }

            var result = await ExitOperationsFactory.Create(parse, context).ApplyAsync(
                input, new ApplyOptions(DryRun: true, Prune: parse.GetValue(prune)), null, cancellationToken);
            PlanPrinter.PrintNotes(context.Error, result);
            if (result.IsInvalid)
            {
                ErrorPrinter.Print(context.Error, result.Errors);
                return ExitCodes.InvalidInput;
            }

            PlanPrinter.PrintPlan(context.Out, result.Plan!);
            return result.Plan!.HasChanges ? ExitCodes.Changes : ExitCodes.Success;
        });
        return command;
    }
}
