using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Operations;
using Tunmux.Cli.Rendering;

namespace Tunmux.Cli.Commands;

public static class ApplyCommand
{
    public static Command Build(CliContext context, TimeProvider time)
    {
        var files = ManifestInput.FileOption(required: true);
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and change nothing." };
        var prune = new Option<bool>("--prune")
        {
            Description = "Treat the input as the complete declared set: delete every tunnel and proxy it does not name, and orphaned tunmux namespaces.",
        };
        var wait = new Option<bool>("--wait") { Description = "After applying, wait until the applied tunnels and proxies are Ready, showing progress." };
        var timeout = new Option<string?>(WaitOptions.Timeout) { Description = "How long --wait waits, e.g. 90s or 5m (default 2m); then it fails with the reasons." };
        var command = new Command("apply", "Make the host match the manifests: create, repair, replace or remove exits until it does.")
        {
            files, dryRun, prune, wait, timeout,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (!WaitOptions.TryParseTimeout(parse.GetValue(timeout), out var limit))
            {
                context.Error.MarkupLine($"[red]error[/] {WaitOptions.Timeout} {SafeText.Markup(parse.GetValue(timeout)!)}: not a duration such as 90s or 5m");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return OperationsCommand.RunAsync(parse, context, time, cancellationToken, async operations =>
            {
                var isDryRun = parse.GetValue(dryRun);
                if (!isDryRun && !operations.ViaDaemon && !ExitOperationsFactory.MayChange(context, "apply"))
                {
                    return ExitCodes.NeedsRoot;
                }

                var paths = parse.GetValue(files)!;
                var report = await operations.ApplyAsync(paths, parse.GetValue(prune), isDryRun, outcome => PlanPrinter.PrintOutcome(context.Out, outcome), cancellationToken);
                var code = ReconcileOutput.Report(context.Out, context.Error, report, isDryRun, outcomesShown: !operations.ViaDaemon);
                if (code != ExitCodes.Success || isDryRun || !parse.GetValue(wait))
                {
                    return code;
                }

                var subjects = ReadinessWait.SubjectsOf(ManifestInput.Load(paths).Objects);
                return await ReadinessWait.RunAsync(
                    subjects,
                    (patience, token) => operations.ReadinessAsync(subjects, patience, token),
                    line => context.Out.WriteLine(SafeText.Plain(line)),
                    line => context.Error.WriteLine(SafeText.Plain(line)),
                    limit,
                    time,
                    cancellationToken);
            });
        });
        return command;
    }
}
