using System.CommandLine;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Naming;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `airvpn connect` declares a Tunnel (provider airvpn) and its Proxy and reconciles, as
/// `apply` would with the same manifests; `airvpn disconnect` removes them.
/// </summary>
public static class AirVpnConnectCommand
{
    public static Command BuildConnect(CliContext context)
    {
        var server = new Argument<string?>("server") { Description = "An exact server, e.g. Castor (default: the best one left by the filters).", Arity = ArgumentArity.ZeroOrOne };
        var country = new Option<string?>("--country") { Description = "A server in this country (two letters)." };
        var city = new Option<string?>("--city") { Description = "A server in this city." };
        var maxLoad = new Option<int?>("--max-load") { Description = "Skip servers loaded above this percentage." };
        var sort = new Option<string?>("--sort") { Description = "score (default), load or latency." };
        sort.AcceptOnlyFromAmong("score", "load", "latency");
        var key = new Option<string?>("--key") { Description = "The device (WireGuard key) to use (default: the login's default device)." };
        var account = AirVpnCommand.AccountOption();
        var name = AirVpnMullvadShortcuts.NameOption();
        var proxyMode = AirVpnMullvadShortcuts.ProxyModeOption();
        var socks = AirVpnMullvadShortcuts.SocksPortOption();
        var http = AirVpnMullvadShortcuts.HttpPortOption();
        var accessLog = AirVpnMullvadShortcuts.AccessLogOption();
        var backend = AirVpnMullvadShortcuts.BackendOption();
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("connect", "Declare an AirVPN tunnel and bring it up: direct (all host traffic, behind a kill switch), or with --proxy behind a local SOCKS5/HTTP proxy.")
        {
            server, country, city, maxLoad, sort, key, account, name, proxyMode, socks, http, accessLog, backend, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UserSettings.Read(context) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            var login = parse.GetValue(account);
            if (AirVpnCliSupport.Open(parse, context, login) is not var (_, session))
            {
                return ExitCodes.Failed;
            }

            var device = parse.GetValue(key) ?? settings.AirVpn.DefaultDevice;
            if (device is not null && AirVpnDevices.Find(session.User, device) is null)
            {
                return AirVpnMullvadShortcuts.Fail(
                    context, $"AirVPN account {session.Login} has no device \"{device}\"; devices: {AirVpnDevices.NamesOf(session.User)}", ExitCodes.InvalidInput);
            }

            var selector = new ServerSelectorSpec
            {
                Name = parse.GetValue(server),
                Country = parse.GetValue(country)?.ToUpperInvariant() ?? (parse.GetValue(server) is null ? settings.AirVpn.DefaultCountry : null),
                City = parse.GetValue(city),
                MaxLoad = parse.GetValue(maxLoad),
                Sort = parse.GetValue(sort),
            };
            var tunnelName = parse.GetValue(name) ?? DefaultName(selector);
            var tunnel = new TunnelManifest
            {
                Metadata = new ObjectMeta
                {
                    Name = tunnelName,
                    Labels = device is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [AirVpnDevices.Label] = AirVpnDevices.LabelValue(AirVpnDevices.Find(session.User, device)!.Name) },
                },
                Spec = new TunnelSpec
                {
                    Provider = AirVpnCliSupport.Provider,
                    Mode = parse.GetValue(proxyMode) ? TunnelMode.Proxy : TunnelMode.Direct,
                    Backend = UserSettings.FlagOr(parse, backend, settings.General.Backend),
                    Server = selector,
                    Account = login is null ? null : new AccountSpec { Name = login },
                },
            };
            var proxy = !parse.GetValue(proxyMode) ? null : AirVpnMullvadShortcuts.ProxyFor(tunnelName, parse.GetValue(socks), parse.GetValue(http), UserSettings.FlagOr(parse, accessLog, settings.General.ProxyAccessLog));
            return await AirVpnMullvadShortcuts.ConnectAsync(parse, context, AirVpnCliSupport.Provider, tunnel, proxy, parse.GetValue(dryRun), cancellationToken);
        });
        return command;
    }

    public static Command BuildDisconnect(CliContext context)
    {
        var names = new Argument<string[]>("name") { Description = "Tunnels to remove (default: the only AirVPN tunnel).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Remove every AirVPN tunnel." };
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("disconnect", "Remove AirVPN tunnels and their proxies, and tear them down.") { names, all, dryRun };
        command.SetAction((parse, cancellationToken) => AirVpnMullvadShortcuts.DisconnectAsync(
            parse, context, AirVpnCliSupport.Provider, parse.GetValue(names) ?? [], parse.GetValue(all), parse.GetValue(dryRun), cancellationToken));
        return command;
    }

    /// <summary>"Castor" becomes castor (as the original tunmux names instances); filters give airvpn-nl and the like.</summary>
    public static string DefaultName(ServerSelectorSpec selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Name is { } server)
        {
            return InstanceName.FromServerName(server);
        }

        var parts = new[] { AirVpnCliSupport.Provider, selector.Country, selector.City }.Where(p => !string.IsNullOrEmpty(p));
        return InstanceName.FromServerName(string.Join("-", parts));
    }
}
