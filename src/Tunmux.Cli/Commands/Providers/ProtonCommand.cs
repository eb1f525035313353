using System.CommandLine;
using Tunmux.Cli.Hosting;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `tunmux proton ...`: log in (SRP, two-factor), show the account, list servers, and connect or
/// disconnect: shortcuts that add or remove a Tunnel (and Proxy) in the declared state and reconcile.
/// </summary>
public static class ProtonCommand
{
    public static Command Build(CliContext context) => Build(context, ProtonIo.System);

    public static Command Build(CliContext context, ProtonIo io)
    {
        var command = new Command("proton", "Proton VPN: log in, pick servers, connect through WireGuard with a local proxy.")
        {
            ProtonCliSupport.ApiUrl,
        };
        command.Subcommands.Add(ProtonLoginCommand.BuildLogin(context, io));
        command.Subcommands.Add(ProtonLoginCommand.BuildLogout(context));
        command.Subcommands.Add(ProtonInfoCommand.Build(context, io));
        command.Subcommands.Add(ProtonServersCommand.Build(context, io));
        command.Subcommands.Add(ProtonConnectCommand.BuildConnect(context, io));
        command.Subcommands.Add(ProtonConnectCommand.BuildDisconnect(context));
        return command;
    }
}
