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
                context.Error.MarkupLine($"[orange1]note[/] {SafeText.Markup(problem)}");
            }

            KillSwitchLine(parse, context);
            var tunnels = view.Tunnels;
            if (tunnels.Count == 0)
            {
                context.Out.WriteLine("No tunnels declared. Start with `tunmux apply -f FILE` (or `tunmux lab up` to try it locally).");
                return ExitCodes.Success;
            }

            var direct = Tunmux.Cli.Daemon.Direct.DirectStatus.Read(GlobalOptions.Paths(parse, context).StateDir);
            var killSwitch = direct?.Tunnel is { } directTunnel ? new Dictionary<string, string> { [directTunnel] = direct.Cell() } : null;
            context.Out.Write(StatusTables.Overview(tunnels, view.Proxies, time.GetUtcNow(), killSwitch));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Direct mode: say plainly what the kill switch lets out, and why.</summary>
    private static void KillSwitchLine(ParseResult parse, CliContext context)
    {
        if (Tunmux.Cli.Daemon.Direct.DirectStatus.Read(GlobalOptions.Paths(parse, context).StateDir) is not { } direct || direct.Policy == "off" && direct.Tunnel is null)
        {
            return;
        }

        var colour = direct.Critical ? "red" : direct.Policy switch { "connected" => "green", "blocked" => "orange1", _ => "yellow" };
        var what = direct.Policy switch
        {
            "connected" => "all traffic leaves through the direct tunnel only",
            "connecting" => "the host is blocked while the direct tunnel connects",
            "blocked" => "the host is BLOCKED: nothing leaves",
            _ => "no kill switch",
        };
        context.Out.MarkupLine($"Kill switch: [{colour}]{SafeText.Markup(direct.Policy.ToUpperInvariant())}[/] ({SafeText.Markup(direct.Reason)}) - {SafeText.Markup(what)}: {SafeText.Markup(direct.Message)}"
            + (direct.Backend is { } backend ? $" [grey](backend {SafeText.Markup(backend)})[/]" : ""));
        context.Out.MarkupLine($"LeakFree: [{(direct.LeakFree == "True" ? "green" : "red")}]{SafeText.Markup(direct.LeakFree)}[/] ({SafeText.Markup(direct.LeakFreeReason)}): {SafeText.Markup(direct.LeakFreeMessage)}");
    }
}
