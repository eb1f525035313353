using System.CommandLine;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Commands;

public static class ApplyCommand
{
    public static Command Build(CliContext context)
    {
        var files = ManifestInput.FileOption(required: true);
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and change nothing." };
        var prune = new Option<bool>("--prune")
        {
            Description = "Treat the input as the complete declared set: delete every tunnel and proxy it does not name, and orphaned tunmux namespaces.",
        };
        var command = new Command("apply", "Make the host match the manifests: create, repair, replace or remove exits until it does.")
        {
            files, dryRun, prune,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = context.LoadManifests(parse.GetValue(files)!);
            if (!input.IsValid)
            {
                ErrorPrinter.Print(context.Error, input.Errors);
                return ExitCodes.InvalidInput;
            }

            var isDryRun = parse.GetValue(dryRun);
            var controller = isDryRun ? Controllers.Create(parse, context) : Controllers.ForChanges(parse, context, "apply");
            if (controller is null)
            {
                return ExitCodes.NeedsRoot;
            }

            var result = await controller.ApplyAsync(
                input,
                new ApplyOptions(isDryRun, parse.GetValue(prune)),
                outcome => PlanPrinter.PrintOutcome(context.Out, outcome),
                cancellationToken);
            if (!isDryRun)
            {
                context.AfterChange?.Invoke();
            }

            return ReconcileOutput.Report(context.Out, context.Error, result, isDryRun);
        });
        return command;
    }
}
