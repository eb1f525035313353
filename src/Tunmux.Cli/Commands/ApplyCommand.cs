using System.CommandLine;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!WaitOptions.TryParseTimeout(parse.GetValue(timeout), out var limit))
            {
                context.Error.MarkupLine($"[red]error[/] {WaitOptions.Timeout} {Markup.Escape(parse.GetValue(timeout)!)}: not a duration such as 90s or 5m");
                return ExitCodes.InvalidInput;
            }

            var input = context.LoadManifests(parse.GetValue(files)!);
            if (!input.IsValid)
            {
                ErrorPrinter.Print(context.Error, input.Errors);
                return ExitCodes.InvalidInput;
            }

            var isDryRun = parse.GetValue(dryRun);
            var controller = isDryRun ? ExitOperationsFactory.Create(parse, context, time) : ExitOperationsFactory.ForChanges(parse, context, "apply", time);
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

            var code = ReconcileOutput.Report(context.Out, context.Error, result, isDryRun);
            if (code != ExitCodes.Success || isDryRun || !parse.GetValue(wait))
            {
                return code;
            }

            return await ReadinessWait.RunAsync(
                ReadinessWait.SubjectsOf(input.Objects),
                token => ReadinessOf(controller, token),
                line => context.Out.WriteLine(line),
                line => context.Error.WriteLine(line),
                limit,
                time,
                cancellationToken);
        });
        return command;
    }

    /// <summary>Readiness as get and status compute it (in the daemon: its conditions).</summary>
    private static async Task<IReadOnlyList<ObjectReadiness>> ReadinessOf(ExitOperations controller, CancellationToken cancellationToken)
    {
        var view = await controller.ViewAsync(cancellationToken);
        return
        [
            .. StatusReport.Tunnels(view).Select(t => Readiness("tunnel", t.Name, t.Ready, t.Reason, t.Conditions)),
            .. StatusReport.Proxies(view).Select(p => Readiness("proxy", p.Name, p.Ready, p.Reason, p.Conditions)),
        ];
    }

    private static ObjectReadiness Readiness(string kind, string name, bool ready, string reason, IReadOnlyList<Runtime.Status.ConditionView> conditions) =>
        new($"{kind}/{name}", ready, reason, conditions.FirstOrDefault(c => c.Type == "Ready")?.Message ?? reason);
}
