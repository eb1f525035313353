using System.CommandLine;
using System.Net;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Lab;
using Tunmux.Linux.Commands;

namespace Tunmux.Cli.Commands;

/// <summary>
/// `lab up` / `lab down`: local fake VPN exits (WireGuard servers with their own public
/// addresses, a DNS server and a what-is-my-IP endpoint) to try tunmux without an account.
/// </summary>
public static class LabCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("lab", "Local WireGuard exits to try tunmux with no VPN account (needs root).");
        command.Subcommands.Add(BuildUp(context));
        command.Subcommands.Add(BuildDown(context));
        command.Subcommands.Add(BuildWhoami());
        return command;
    }

    private static LabOptions Options(ParseResult parse, CliContext context, int exits)
    {
        var paths = GlobalOptions.Paths(parse, context);
        var interfacePrefix = context.Environment("TUNMUX_LAB_IF_PREFIX") is { Length: > 0 } prefix ? prefix : LabOptions.DefaultInterfacePrefix;
        return new LabOptions(exits, paths.LabPrefix, interfacePrefix, paths.LabDir, SelfCommand.Argv());
    }

    private static Command BuildUp(CliContext context)
    {
        var exits = new Option<int>("--exits") { Description = "How many exits to build.", DefaultValueFactory = _ => 2 };
        var command = new Command("up", "Build the lab (replacing an earlier one) and write a manifest that uses it.") { exits };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!context.IsPrivileged())
            {
                context.Error.MarkupLine("[red]error[/] tunmux lab up creates network namespaces and needs root.");
                return ExitCodes.NeedsRoot;
            }

            var options = Options(parse, context, parse.GetValue(exits));
            if (options.Problems() is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(problem)}");
                }

                return ExitCodes.InvalidInput;
            }

            var info = await new LabEnvironment(new ProcessCommandRunner()).UpAsync(options, cancellationToken);
            context.Out.MarkupLine($"[green]Lab is up[/] with {info.Exits.Count} exit{(info.Exits.Count == 1 ? "" : "s")}.");
            context.Out.WriteLine($"  what-is-my-ip endpoint: {info.WhoamiUrl} (also http://whoami.lab/ through an exit)");
            context.Out.WriteLine($"  lab DNS server:         {info.DnsAddress}");
            foreach (var exit in info.Exits)
            {
                context.Out.WriteLine($"  {exit.Name}: public address {exit.PublicAddress}, WireGuard endpoint {exit.Endpoint}, config {exit.ConfigPath}");
            }

            context.Out.WriteLine($"  manifest:               {info.ManifestPath}");
            context.Out.WriteLine();
            context.Out.WriteLine($"Next: tunmux apply -f {info.ManifestPath}");
            context.Out.WriteLine("Tear down: tunmux delete --all && tunmux lab down");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildDown(CliContext context)
    {
        var command = new Command("down", "Remove everything lab up made.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!context.IsPrivileged())
            {
                context.Error.MarkupLine("[red]error[/] tunmux lab down removes network namespaces and needs root.");
                return ExitCodes.NeedsRoot;
            }

            await new LabEnvironment(new ProcessCommandRunner()).DownAsync(Options(parse, context, 1), cancellationToken);
            context.Out.WriteLine("Lab is down.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildWhoami()
    {
        var listen = new Option<string>("--listen") { Required = true };
        var log = new Option<string>("--log") { Required = true }.AsRequiredPath();
        var command = new Command("whoami", "Internal: the lab's what-is-my-ip HTTP endpoint.") { listen, log };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            await WhoamiServer.RunAsync(IPEndPoint.Parse(parse.GetValue(listen)!), parse.GetValue(log)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
