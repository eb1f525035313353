using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Cli.Operations;

namespace Tunmux.Cli.Commands;

public static class StatusCommand
{
    public static Command Build(CliContext context, TimeProvider time)
    {
        var command = new Command("status", "Show every exit as the host has it now: listeners, handshake, traffic, readiness.");
        command.SetAction((parse, cancellationToken) => OperationsCommand.RunAsync(parse, context, time, cancellationToken, async operations =>
        {
            var view = await operations.StatusAsync(cancellationToken);
            foreach (var problem in view.Problems)
            {
                context.Error.MarkupLine($"[orange1]note[/] {Markup.Escape(problem)}");
            }

            var tunnels = view.Tunnels;
            if (tunnels.Count == 0)
            {
                context.Out.WriteLine("No tunnels declared. Start with `tunmux apply -f FILE` (or `tunmux lab up` to try it locally).");
                return ExitCodes.Success;
            }

            context.Out.Write(StatusTables.Overview(tunnels, view.Proxies, time.GetUtcNow()));
            return ExitCodes.Success;
        }));
        return command;
    }
}
