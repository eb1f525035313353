using System.CommandLine;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Cli.Operations;

namespace Tunmux.Cli.Commands;

/// <summary>`describe tunnel|proxy NAME`: one object's spec summary, conditions and recent events.</summary>
public static class DescribeCommand
{
    public static Command Build(CliContext context, TimeProvider time)
    {
        var kind = new Argument<string>("kind") { Description = "tunnel or proxy" };
        kind.AcceptOnlyFromAmong("tunnel", "tunnels", "proxy", "proxies");
        var name = new Argument<string>("name") { Description = "The object to describe." };
        var command = new Command("describe", "Show one tunnel or proxy in detail: its spec (without secrets), conditions and recent events.")
        {
            kind, name,
        };
        command.SetAction((parse, cancellationToken) => OperationsCommand.RunAsync(parse, context, time, cancellationToken, async operations =>
        {
            var wanted = parse.GetValue(name)!;
            var view = await operations.DescribeAsync(parse.GetValue(kind)!, wanted, cancellationToken);
            var now = time.GetUtcNow();
            if (parse.GetValue(kind)!.StartsWith("tunnel", StringComparison.Ordinal))
            {
                if (view.TunnelsWithEvents().FirstOrDefault(t => t.Name == wanted) is not { } tunnel)
                {
                    return NotFound(context, "tunnel", wanted);
                }

                var manifest = view.Declared().OfType<TunnelManifest>().FirstOrDefault(t => t.Name == wanted);
                if (manifest?.Spec.Mode == Tunmux.Core.Model.TunnelMode.Direct
                    && Tunmux.Cli.Daemon.Direct.DirectStatus.Read(GlobalOptions.Paths(parse, context).StateDir) is { } direct && direct.Tunnel == wanted)
                {
                    tunnel = tunnel with { Conditions = [.. tunnel.Conditions, .. direct.Conditions()] };
                }

                DescribePrinter.Tunnel(context.Out, tunnel, manifest, view.Details.FirstOrDefault(d => d.Name == wanted), view.Proxies, now);
                return ExitCodes.Success;
            }

            if (view.ProxiesWithEvents().FirstOrDefault(p => p.Name == wanted) is not { } proxy)
            {
                return NotFound(context, "proxy", wanted);
            }

            DescribePrinter.Proxy(context.Out, proxy, view.Declared().OfType<ProxyManifest>().FirstOrDefault(p => p.Name == wanted), now);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static int NotFound(CliContext context, string kind, string name)
    {
        context.Error.MarkupLine($"[red]error[/] {kind} {SafeText.Markup(name)} not found");
        return ExitCodes.InvalidInput;
    }
}
