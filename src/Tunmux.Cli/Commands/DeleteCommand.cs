using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Cli.Operations;

namespace Tunmux.Cli.Commands;

/// <summary>
/// `delete -f PATH`, `delete tunnel|proxy NAME`, `delete --all`. Removes objects from the
/// declared state and reconciles, so their namespaces, interfaces and workers go too.
/// </summary>
public static class DeleteCommand
{
    public static Command Build(CliContext context)
    {
        var files = ManifestInput.FileOption(required: false);
        var all = new Option<bool>("--all") { Description = "Delete every tunnel and proxy tunmux owns, including orphaned namespaces." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and change nothing." };
        var kind = new Argument<string?>("kind") { Description = "tunnel or proxy", Arity = ArgumentArity.ZeroOrOne };
        kind.AcceptOnlyFromAmong("tunnel", "tunnels", "proxy", "proxies");
        var names = new Argument<string[]>("name") { Description = "Names of the objects to delete.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("delete", "Delete tunnels and proxies (by file, by name, or all) and tear down what they run.")
        {
            files, all, dryRun, kind, names,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var selection = Select(parse.GetValue(files) ?? [], parse.GetValue(all), parse.GetValue(kind), parse.GetValue(names) ?? [], context);
            if (selection is null)
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return OperationsCommand.RunAsync(parse, context, null, cancellationToken, async operations =>
            {
                var isDryRun = parse.GetValue(dryRun);
                if (!isDryRun && !operations.ViaDaemon && !ExitOperationsFactory.MayChange(context, "delete"))
                {
                    return ExitCodes.NeedsRoot;
                }

                var report = await operations.DeleteAsync(selection, isDryRun, outcome => PlanPrinter.PrintOutcome(context.Out, outcome), cancellationToken);
                return ReconcileOutput.Report(context.Out, context.Error, report, isDryRun, outcomesShown: !operations.ViaDaemon);
            });
        });
        return command;
    }

    private static DeleteSelection? Select(string[] files, bool all, string? kind, string[] names, CliContext context)
    {
        var ways = (files.Length > 0 ? 1 : 0) + (all ? 1 : 0) + (kind is not null ? 1 : 0);
        if (ways != 1)
        {
            context.Error.MarkupLine("[red]error[/] say what to delete: -f PATH, KIND NAME..., or --all (exactly one of them).");
            return null;
        }

        if (kind is not null && names.Length == 0)
        {
            context.Error.MarkupLine($"[red]error[/] name the {SafeText.Markup(kind)} to delete.");
            return null;
        }

        return new DeleteSelection(files, kind, names, all);
    }
}
