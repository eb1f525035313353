using System.CommandLine;
using System.Net;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Direct;
using Tunmux.Linux.Direct.Leaks;

namespace Tunmux.Cli.Commands;

/// <summary>
/// `check leaks`: the leak self-test. Exit 0 when nothing left the uplink outside the tunnel,
/// 1 when something did (each packet is listed), 2 for bad input, 3 when the test could not run.
/// </summary>
public static class CheckCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("check", "Self-tests of the host's protection.");
        command.Subcommands.Add(BuildLeaks(context));
        return command;
    }

    private static Command BuildLeaks(CliContext context)
    {
        var uplink = new Option<string?>("--interface") { Description = "The physical uplink to watch (default: the device of the main table's default route)." };
        var targets = new Option<string[]>("--target")
        {
            Description = "An address to probe (repeat for more; default: public resolvers and the uplink's gateway).",
            DefaultValueFactory = _ => [],
        };
        var command = new Command(
            "leaks",
            "Send TCP, UDP, DNS and ICMP probes bound to the uplink while capturing on it, and report any packet that left outside the tunnel (needs root).")
        {
            uplink, targets,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!context.IsPrivileged())
            {
                context.Error.MarkupLine("[red]error[/] tunmux check leaks captures on the uplink and needs root.");
                return ExitCodes.NeedsRoot;
            }

            var device = parse.GetValue(uplink);
            if (device is not null && !System.Text.RegularExpressions.Regex.IsMatch(device, "^[A-Za-z0-9_.-]{1,15}$"))
            {
                context.Error.MarkupLine($"[red]error[/] --interface {SafeText.Markup(device)} is not an interface name");
                return ExitCodes.InvalidInput;
            }

            var addresses = new List<IPAddress>();
            foreach (var text in parse.GetValue(targets) ?? [])
            {
                if (!IPAddress.TryParse(text, out var address))
                {
                    context.Error.MarkupLine($"[red]error[/] --target {SafeText.Markup(text)} is not an IP address");
                    return ExitCodes.InvalidInput;
                }

                addresses.Add(address);
            }

            var paths = GlobalOptions.Paths(parse, context);
            var state = new DirectStateFile(Path.Combine(paths.StateDir, "direct")).Read();
            var allowed = state.AllowedEndpoints.Select(e => IPEndPoint.TryParse(e, out var endpoint) ? endpoint : null).OfType<IPEndPoint>().ToList();
            LeakReport report;
            try
            {
                report = await new LeakCheck(new ProcessCommandRunner(), DirectPrograms.System)
                    .RunAsync(new LeakCheckOptions(device, addresses, allowed, TimeSpan.FromSeconds(1)), cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or System.Net.Sockets.SocketException)
            {
                context.Error.MarkupLine($"[red]error[/] the leak test could not run: {SafeText.Markup(e.Message)}");
                return ExitCodes.Failed;
            }

            context.Out.WriteLine($"Watched {report.Uplink} while sending {report.Probes.Count} probes ({string.Join(", ", report.Probes)}).");
            if (report.Clean)
            {
                context.Out.MarkupLine($"[green]No leak[/]: nothing left {SafeText.Markup(report.Uplink)} outside the tunnel.");
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[red]LEAK[/]: {report.Leaked.Count} packet(s) left {SafeText.Markup(report.Uplink)} outside the tunnel:");
            foreach (var line in report.Leaked)
            {
                context.Out.WriteLine("  " + line);
            }

            return ExitCodes.Changes;
        });
        return command;
    }
}
