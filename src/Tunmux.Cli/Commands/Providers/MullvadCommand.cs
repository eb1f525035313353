using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Core.Model;
using Tunmux.Providers.Accounts;
using Tunmux.Providers.Mullvad;
using Tunmux.Providers.Storage;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`tunmux mullvad ...`: log in with the account number, list relays, connect and disconnect.</summary>
public static class MullvadCommand
{
    public static Command Build(CliContext context) => Build(context, AirVpnMullvadIo.System);

    public static Command Build(CliContext context, AirVpnMullvadIo io)
    {
        var command = new Command("mullvad", "Mullvad: log in with the account number, pick relays, connect through WireGuard.")
        {
            MullvadCliSupport.ApiUrl,
        };
        command.Subcommands.Add(BuildLogin(context, io));
        command.Subcommands.Add(BuildLogout(context, io));
        command.Subcommands.Add(BuildInfo(context, io));
        command.Subcommands.Add(MullvadServersCommand.Build(context, io));
        command.Subcommands.Add(MullvadConnectCommand.BuildConnect(context));
        command.Subcommands.Add(MullvadConnectCommand.BuildDisconnect(context));
        return command;
    }

    private static Command BuildLogin(CliContext context, AirVpnMullvadIo io)
    {
        var stdin = new Option<bool>("--account-stdin") { Description = "Read the account number from standard input (it is the password)." };
        var account = MullvadCliSupport.AccountOption();
        var system = new Option<bool>("--system") { Description = "Store the login in the daemon's state folder instead of your config folder." };
        var command = new Command("login", "Check the account number, register this machine as a device with a new WireGuard key, store it (0600).")
        {
            stdin, account, system,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var number = AirVpnMullvadShortcuts.ReadSecret(context, io.Input, parse.GetValue(stdin), "Mullvad account number", "--account-stdin");
            if (number is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = parse.GetValue(account) ?? MullvadCliSupport.DefaultAccount;
            var root = parse.GetValue(system)
                ? ProviderDirectories.ForDaemon(GlobalOptions.Paths(parse, context).StateDir, MullvadCliSupport.Provider)
                : ProviderDirectories.ForUser(MullvadCliSupport.Provider, context.Environment);
            var store = new MullvadStore(AccountDirectories.For(root, name));
            MullvadSession session;
            try
            {
                session = await MullvadLogin.LoginAsync(MullvadCliSupport.Client(parse, context), new Secret(number), store, io.Time, cancellationToken);
                if (parse.GetValue(account) is null || AccountDirectories.DefaultName(root) is null)
                {
                    AccountDirectories.SetDefault(root, name);
                }
            }
            catch (MullvadApiException exception)
            {
                return MullvadCliSupport.Report(context, exception);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return AirVpnMullvadShortcuts.Fail(context, $"cannot store the login in {store.Directory}: {exception.Message}");
            }

            var relays = store.LoadRelays()?.Relays.Relays.Count ?? 0;
            context.Out.MarkupLine($"Logged in as [bold]{SafeText.Markup(name)}[/]: device \"{SafeText.Markup(session.Device!.Name)}\" ({SafeText.Markup(session.Device.Ipv4Address)}), {relays} relays.");
            context.Out.WriteLine($"Stored in {store.Directory} (mode 0600).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildLogout(CliContext context, AirVpnMullvadIo io)
    {
        var account = MullvadCliSupport.AccountOption();
        var command = new Command("logout", "Remove this machine's device from the Mullvad account and forget the login.") { account };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(account);
            var directory = MullvadCliSupport.Accounts(parse, context).Find(name, MullvadStore.SessionFile);
            if (directory is null)
            {
                context.Out.WriteLine("No Mullvad login is stored.");
                return ExitCodes.Success;
            }

            var store = new MullvadStore(directory);
            var device = store.LoadSession()?.Device?.Name;
            try
            {
                await MullvadLogin.LogoutAsync(MullvadCliSupport.Client(parse, context), store, io.Time, cancellationToken);
            }
            catch (MullvadApiException exception)
            {
                MullvadCliSupport.Report(context, exception);
                context.Error.WriteLine($"The login is kept so you can retry; or remove device \"{device}\" on mullvad.net and delete {directory}.");
                return ExitCodes.Failed;
            }

            AccountDirectories.ClearDefault(Path.GetDirectoryName(Path.GetDirectoryName(directory))!, Path.GetFileName(directory));
            context.Out.WriteLine($"Logged out: device \"{device}\" removed from the account, {directory} deleted.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildInfo(CliContext context, AirVpnMullvadIo io)
    {
        var account = MullvadCliSupport.AccountOption();
        var command = new Command("info", "Show the stored login: device, addresses, key age, account expiry (never the account number or keys).") { account };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (MullvadCliSupport.Open(parse, context, parse.GetValue(account)) is not var (store, session))
            {
                return ExitCodes.Failed;
            }

            var now = io.Time.GetUtcNow();
            context.Out.WriteLine($"Stored in:  {store.Directory}");
            if (session.Device is { } device)
            {
                context.Out.WriteLine($"Device:     {device.Name} ({device.Id})");
                context.Out.WriteLine($"Addresses:  {device.Ipv4Address} {device.Ipv6Address}");
                context.Out.WriteLine($"Public key: {device.PublicKey}");
                context.Out.WriteLine($"Key age:    {Rendering.Formats.Age(device.KeyCreatedAt, now)}");
            }

            foreach (var (tunnel, selection) in store.Selections())
            {
                context.Out.WriteLine($"Tunnel {tunnel}: relay {selection.Relay}, chosen {Rendering.Formats.Age(selection.ChosenAt, now)} ago");
            }

            try
            {
                var keeper = new MullvadDeviceKeeper(MullvadCliSupport.Client(parse, context), store, io.Time);
                var me = await keeper.WithTokenAsync(session, (token, ct) => MullvadCliSupport.Client(parse, context).GetAccountAsync(token, ct), cancellationToken);
                context.Out.WriteLine($"Expires:    {me.Expiry:yyyy-MM-dd}");
                context.Out.WriteLine($"Devices:    at most {me.MaxDevices}{(me.CanAddDevices == false ? " (full)" : "")}");
            }
            catch (MullvadApiException exception)
            {
                return MullvadCliSupport.Report(context, exception);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
