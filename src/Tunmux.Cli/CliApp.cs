using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Commands;
using Tunmux.Cli.Commands.Providers;
using Tunmux.Cli.Hosting;
using Tunmux.Linux;
using Tunmux.Linux.Commands;

namespace Tunmux.Cli;

/// <summary>The command tree. Commands get everything through <see cref="CliContext"/>, so tests run them in-process.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext context, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var root = new RootCommand(
            "tunmux runs WireGuard VPN exits on Linux as declared state: proxy exits in their own network namespaces, reconciled from YAML manifests.")
        {
            GlobalOptions.StateDir,
            GlobalOptions.Verbose,
        };
        root.Subcommands.Add(ApplyCommand.Build(context, time));
        root.Subcommands.Add(DiffCommand.Build(context));
        root.Subcommands.Add(GetCommand.Build(context, time));
        root.Subcommands.Add(DeleteCommand.Build(context));
        root.Subcommands.Add(StatusCommand.Build(context, time));
        root.Subcommands.Add(DescribeCommand.Build(context, time));
        root.Subcommands.Add(LabCommand.Build(context));
        root.Subcommands.Add(CheckCommand.Build(context));
        root.Subcommands.Add(ProxyCommand.Build(context));
        root.Subcommands.Add(PortForwardCommand.Build(context));
        root.Subcommands.Add(AirVpnCommand.Build(context));
        root.Subcommands.Add(MullvadCommand.Build(context));
        root.Subcommands.Add(ProtonCommand.Build(context));
        root.Subcommands.Add(Daemon.DaemonCommand.Build(context));
        return root;
    }

    /// <summary>Colour and wrapping for a person at a terminal; plain, unwrapped lines for pipes and logs.</summary>
    private static IAnsiConsole Terminal(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 512;
        }

        return console;
    }

    /// <summary>Where port keepers ask for the forwarded port (IP:PORT, through the tunnel); Proton's 10.2.0.1:5351 when unset.</summary>
    public const string PortForwardGatewayVariable = "TUNMUX_PORT_FORWARD_GATEWAY";

    /// <summary>The real world: the terminal, the Linux host, root checks.</summary>
    public static CliContext SystemContext(Daemon.DaemonExtension? daemonExtension = null) => new()
    {
        DaemonExtension = daemonExtension,
        Out = Terminal(Console.Out, Console.IsOutputRedirected),
        Error = Terminal(Console.Error, Console.IsErrorRedirected),
        IsPrivileged = Privileges.IsRoot,
        LoggerFactory = Logging.Quiet,
        ConnectDaemon = cancellationToken => Daemon.DaemonSocket.TryConnectAsync(Environment.GetEnvironmentVariable, cancellationToken),
        ProviderSources = paths =>
        [
            AirVpnCliSupport.TunnelSource(paths, Environment.GetEnvironmentVariable),
            MullvadCliSupport.TunnelSource(paths, Environment.GetEnvironmentVariable),
            ProtonCliSupport.DefaultSource(Environment.GetEnvironmentVariable),
        ],
        DirectModePass = (paths, loggers, cancellationToken) => Operations.OneShotDirectMode.PassAsync(
            paths,
            [
                AirVpnCliSupport.TunnelSource(paths, Environment.GetEnvironmentVariable),
                MullvadCliSupport.TunnelSource(paths, Environment.GetEnvironmentVariable),
                ProtonCliSupport.DefaultSource(Environment.GetEnvironmentVariable),
            ],
            loggers,
            cancellationToken),
        DriverFactory = (paths, loggers) => new LinuxExitDriver(
            new LinuxDriverOptions
            {
                Naming = paths.Naming,
                RunDir = paths.RunDir,
                DirectStateDir = Path.Combine(paths.StateDir, "direct"),
                SelfCommand = SelfCommand.Argv(),
                ProxyWorkerCommand = SelfCommand.ProxyWorkerArgv(),
                PortKeeperCommand = SelfCommand.PortKeeperArgv(),
                PortForwardGateway = Environment.GetEnvironmentVariable(PortForwardGatewayVariable) is { Length: > 0 } gateway ? gateway : null,
            },
            new ProcessCommandRunner(),
            loggers.CreateLogger<LinuxExitDriver>()),
    };
}
