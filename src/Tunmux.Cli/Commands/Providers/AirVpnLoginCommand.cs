using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Core.Model;
using Tunmux.Providers.Accounts;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Storage;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`airvpn login`, `logout` and `info`.</summary>
public static class AirVpnLoginCommand
{
    public static Command BuildLogin(CliContext context, AirVpnMullvadIo io)
    {
        var user = new Argument<string>("user") { Description = "Your AirVPN user name." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line)." };
        var key = new Option<string?>("--key") { Description = "The device (WireGuard key) tunnels use when they do not name one." };
        var system = new Option<bool>("--system") { Description = "Store the login in the daemon's state folder instead of your config folder." };
        var command = new Command("login", "Check the login with AirVPN, fetch devices and servers, and store them (mode 0600).")
        {
            user, passwordStdin, key, system,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var login = parse.GetValue(user)!;
            var password = AirVpnMullvadShortcuts.ReadSecret(context, io.Input, parse.GetValue(passwordStdin), "AirVPN password", "--password-stdin");
            if (password is null)
            {
                return ExitCodes.InvalidInput;
            }

            var root = parse.GetValue(system)
                ? ProviderDirectories.ForDaemon(GlobalOptions.Paths(parse, context).StateDir, AirVpnCliSupport.Provider)
                : ProviderDirectories.ForUser(AirVpnCliSupport.Provider, context.Environment);
            var store = new AirVpnStore(AccountDirectories.For(root, login));
            AirVpnSession session;
            try
            {
                session = await AirVpnLogin.LoginAsync(
                    AirVpnCliSupport.Client(parse, context), new AirVpnCredentials(login, new Secret(password)), store, parse.GetValue(key), io.Time, cancellationToken);
                AccountDirectories.SetDefault(root, login);
            }
            catch (AirVpnApiException exception)
            {
                return AirVpnCliSupport.Report(context, exception);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return AirVpnMullvadShortcuts.Fail(context, $"cannot store the login in {store.Directory}: {exception.Message}");
            }

            var devices = session.User.Keys.Select(k => k.Name).ToList();
            var servers = store.LoadManifest()?.Manifest.Servers.Count ?? 0;
            context.Out.MarkupLine($"Logged in as [bold]{SafeText.Markup(login)}[/]: {devices.Count} device(s) ({SafeText.Markup(string.Join(", ", devices))}), {servers} servers.");
            context.Out.WriteLine($"Stored in {store.Directory} (mode 0600). AirVPN's API has no tokens, so the password itself is stored to keep tunnels working without you.");
            if (devices.Count == 0)
            {
                context.Out.WriteLine("The account has no devices yet: add one with `tunmux airvpn devices add --name NAME` before connecting.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildLogout(CliContext context)
    {
        var user = new Argument<string?>("user") { Description = "The login to forget (default: the default login).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "Forget a stored AirVPN login: its password, device keys and caches.") { user };
        command.SetAction(parse =>
        {
            var login = parse.GetValue(user);
            var directory = AirVpnCliSupport.Accounts(parse, context).Find(login, AirVpnStore.SessionFile);
            if (directory is null)
            {
                context.Out.WriteLine(login is null ? "No AirVPN login is stored." : $"No AirVPN login \"{login}\" is stored.");
                return ExitCodes.Success;
            }

            var name = new AirVpnStore(directory).LoadSession()?.Login ?? login ?? "";
            new AirVpnStore(directory).DeleteAll();
            AccountDirectories.ClearDefault(Path.GetDirectoryName(Path.GetDirectoryName(directory))!, name);
            context.Out.WriteLine($"Logged out {name}: removed {directory}.");
            var users = new DeclaredStateStore(GlobalOptions.Paths(parse, context)).Load().Objects
                .OfType<Api.Model.TunnelManifest>().Where(t => t.Spec.Provider == AirVpnCliSupport.Provider && t.Spec.Account?.CredentialsFile is null).ToList();
            if (users.Count > 0)
            {
                context.Out.WriteLine($"Tunnels that may have used it: {string.Join(", ", users.Select(t => t.Name))}; they fail to resolve until you log in again or disconnect them.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildInfo(CliContext context, AirVpnMullvadIo io)
    {
        var account = AirVpnCommand.AccountOption();
        var command = new Command("info", "Show the stored login: devices (never their keys), default device, server list age.") { account };
        command.SetAction(parse =>
        {
            if (AirVpnCliSupport.Open(parse, context, parse.GetValue(account)) is not var (store, session))
            {
                return ExitCodes.Failed;
            }

            context.Out.MarkupLine($"Login:          [bold]{SafeText.Markup(session.Login)}[/]");
            context.Out.WriteLine($"Stored in:      {store.Directory}");
            context.Out.WriteLine($"Default device: {session.DefaultDevice ?? session.User.Keys.FirstOrDefault()?.Name ?? "-"}");
            var manifest = store.LoadManifest();
            context.Out.WriteLine(manifest is null
                ? "Servers:        not fetched"
                : $"Servers:        {manifest.Manifest.Servers.Count}, fetched {Rendering.Formats.Age(manifest.FetchedAt, io.Time.GetUtcNow())} ago");
            var table = new Table().AddColumns("DEVICE", "IPV4", "IPV6", "DNS");
            foreach (var key in session.User.Keys)
            {
                table.AddRow(SafeText.Markup(key.Name), SafeText.Markup(key.Ipv4), SafeText.Markup(key.Ipv6), SafeText.Markup(key.DnsIpv4));
            }

            context.Out.Write(table);
            foreach (var (tunnel, selection) in store.Selections())
            {
                context.Out.WriteLine($"Tunnel {tunnel}: server {selection.Server}, device {selection.Device}, chosen {Rendering.Formats.Age(selection.ChosenAt, io.Time.GetUtcNow())} ago");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
