using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Core.PortForwarding;
using Tunmux.Linux.PortForward;
using Tunmux.Providers.Proton.PortForwarding;
using Tunmux.Runtime.PortForwarding;

namespace Tunmux.Cli.Commands;

/// <summary>
/// `port-forward worker` (hidden: started by tunmux itself inside a tunnel's namespace): keeps
/// the tunnel's forwarded port at the NAT-PMP gateway, reports it in its state file and runs
/// the hook when it changes, until SIGTERM (or SIGUSR1: release the mapping, then end; see <see cref="KeeperSignals"/>).
/// </summary>
public static partial class PortForwardCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("port-forward", "Internal: keep a tunnel's forwarded port.") { Hidden = true };
        command.Subcommands.Add(BuildWorker(context));
        return command;
    }

    private static Command BuildWorker(CliContext context)
    {
        var tunnel = new Option<string>(PortKeeperCommand.TunnelOption) { Required = true };
        var stateFile = new Option<string>(PortKeeperCommand.StateFileOption) { Required = true }.AsRequiredPath();
        var gateway = new Option<string?>(PortKeeperCommand.GatewayOption)
        {
            Description = $"The NAT-PMP gateway, IP:PORT (default Proton's, {NatPmpClient.ProtonGateway}).",
        };
        var hook = new Argument<string[]>("hook") { Arity = ArgumentArity.ZeroOrMore, Description = "After --: the program to run when the port changes, and its arguments." };
        var command = new Command("worker", "Internal: the port keeper of one tunnel.") { tunnel, stateFile, gateway, hook };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var gatewayText = parse.GetValue(gateway);
            var endpoint = NatPmpClient.ProtonGateway;
            if (gatewayText is not null && !IPEndPoint.TryParse(gatewayText, out endpoint!))
            {
                context.Error.MarkupLine($"[red]error[/] {PortKeeperCommand.GatewayOption} {SafeText.Markup(gatewayText)}: expected IP:PORT");
                return ExitCodes.InvalidInput;
            }

            var name = parse.GetValue(tunnel)!;
            var path = parse.GetValue(stateFile)!;
            var hookArgv = parse.GetValue(hook) ?? [];
            using var signals = KeeperSignals.Listen(cancellationToken);

            using var loggers = Logging.Worker(LogLevel.Information);
            var logger = loggers.CreateLogger("tunmux.portforward");
            LogKeeping(logger, name, endpoint);
            var keeper = new PortKeeper(
                name,
                new ProtonPortForwarder(new NatPmpClient(endpoint)),
                hookArgv.Length > 0 ? new ProcessPortHook(hookArgv, ProcessPortHook.DefaultTimeout) : null,
                state => PortForwardStateFile.Write(path, state),
                PortRenewalPolicy.For(name),
                logger);
            await keeper.RunAsync(signals.Stopping);
            if (signals.ReleaseAsked)
            {
                await keeper.ReleaseAsync(KeeperSignals.ReleaseBudget);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    [LoggerMessage(5110, LogLevel.Information, "keeping the forwarded port of {Tunnel} at {Gateway}")]
    private static partial void LogKeeping(ILogger logger, string tunnel, System.Net.IPEndPoint gateway);
}
