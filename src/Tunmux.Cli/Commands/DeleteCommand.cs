using System.CommandLine;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var selection = Select(parse.GetValue(files) ?? [], parse.GetValue(all), parse.GetValue(kind), parse.GetValue(names) ?? [], context);
            if (selection is null)
            {
                return ExitCodes.InvalidInput;
            }

            var isDryRun = parse.GetValue(dryRun);
            var controller = isDryRun ? ExitOperationsFactory.Create(parse, context) : ExitOperationsFactory.ForChanges(parse, context, "delete");
            if (controller is null)
            {
                return ExitCodes.NeedsRoot;
            }

            void Progress(Runtime.Execution.ChangeOutcome outcome) => PlanPrinter.PrintOutcome(context.Out, outcome);
            var result = parse.GetValue(all)
                ? await controller.DeleteAllAsync(isDryRun, Progress, cancellationToken)
                : await controller.DeleteAsync(selection, isDryRun, Progress, cancellationToken);
            if (!isDryRun)
            {
                context.AfterChange?.Invoke();
            }

            return ReconcileOutput.Report(context.Out, context.Error, result, isDryRun);
        });
        return command;
    }

    private static Func<ManifestObject, bool>? Select(string[] files, bool all, string? kind, string[] names, CliContext context)
    {
        var ways = (files.Length > 0 ? 1 : 0) + (all ? 1 : 0) + (kind is not null ? 1 : 0);
        if (ways != 1)
        {
            context.Error.MarkupLine("[red]error[/] say what to delete: -f PATH, KIND NAME..., or --all (exactly one of them).");
            return null;
        }

        if (all)
        {
            return _ => true;
        }

        if (files.Length > 0)
        {
            var input = context.LoadManifests(files);
            if (input.Objects.Count == 0 && !input.IsValid)
            {
                ErrorPrinter.Print(context.Error, input.Errors);
                return null;
            }

            var keys = input.Objects.Select(DeclaredState.Key).ToHashSet();
            return o => keys.Contains(DeclaredState.Key(o));
        }

        if (names.Length == 0)
        {
            context.Error.MarkupLine($"[red]error[/] name the {kind} to delete.");
            return null;
        }

        var kindName = kind!.StartsWith("tunnel", StringComparison.Ordinal) ? TunnelManifest.KindName : ProxyManifest.KindName;
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return o => o.Kind == kindName && wanted.Contains(o.Name);
    }
}
