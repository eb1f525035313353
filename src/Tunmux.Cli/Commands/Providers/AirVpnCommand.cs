using System.CommandLine;
using Tunmux.Cli.Hosting;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `tunmux airvpn ...`: log in, list servers, connect and disconnect (shortcuts for a Tunnel and
/// Proxy in the declared state), and the account pages of airvpn.org (devices, config generator).
/// </summary>
public static class AirVpnCommand
{
    public static Command Build(CliContext context) => Build(context, AirVpnMullvadIo.System);

    public static Command Build(CliContext context, AirVpnMullvadIo io)
    {
        var command = new Command("airvpn", "AirVPN: log in, pick servers, connect through WireGuard, manage devices.")
        {
            AirVpnCliSupport.ApiUrl,
            AirVpnCliSupport.WebUrl,
        };
        command.Subcommands.Add(AirVpnLoginCommand.BuildLogin(context, io));
        command.Subcommands.Add(AirVpnLoginCommand.BuildLogout(context));
        command.Subcommands.Add(AirVpnLoginCommand.BuildInfo(context, io));
        command.Subcommands.Add(AirVpnServersCommand.Build(context, io));
        command.Subcommands.Add(AirVpnConnectCommand.BuildConnect(context));
        command.Subcommands.Add(AirVpnConnectCommand.BuildDisconnect(context));
        command.Subcommands.Add(AirVpnDevicesCommand.Build(context, io));
        command.Subcommands.Add(AirVpnApiKeysCommand.Build(context));
        command.Subcommands.Add(AirVpnPortsCommand.Build(context));
        command.Subcommands.Add(AirVpnPortsCommand.BuildSessions(context, io));
        command.Subcommands.Add(AirVpnGenerateCommand.Build(context));
        return command;
    }

    public static Option<string?> AccountOption() => new("--account")
    {
        Description = "The stored login to use (its user name); the default login when left out.",
    };
}
