using System.CommandLine;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Core.Model;
using Tunmux.Providers.Naming;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`mullvad connect` declares a Tunnel (provider mullvad) and its Proxy and reconciles; `mullvad disconnect` removes them.</summary>
public static class MullvadConnectCommand
{
    public static Command BuildConnect(CliContext context)
    {
        var relay = new Argument<string?>("relay") { Description = "An exact relay, e.g. se-got-wg-001 (default: the best one left by the filters).", Arity = ArgumentArity.ZeroOrOne };
        var country = new Option<string?>("--country") { Description = "A relay in this country (two letters)." };
        var city = new Option<string?>("--city") { Description = "A relay in this city (name or code)." };
        var owned = new Option<bool>("--owned") { Description = "Only relays on hardware Mullvad owns." };
        var sort = new Option<string?>("--sort") { Description = "score (Mullvad's weight, default) or latency." };
        sort.AcceptOnlyFromAmong("score", "latency");
        var rotation = new Option<string?>("--key-rotation") { Description = "Replace the device key this often, e.g. 168h (spec.keyRotation)." };
        var account = MullvadCliSupport.AccountOption();
        var name = AirVpnMullvadShortcuts.NameOption();
        var proxyMode = AirVpnMullvadShortcuts.ProxyModeOption();
        var socks = AirVpnMullvadShortcuts.SocksPortOption();
        var http = AirVpnMullvadShortcuts.HttpPortOption();
        var accessLog = AirVpnMullvadShortcuts.AccessLogOption();
        var backend = AirVpnMullvadShortcuts.BackendOption();
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("connect", "Declare a Mullvad tunnel and bring it up: direct (all host traffic, behind a kill switch), or with --proxy behind a local SOCKS5/HTTP proxy.")
        {
            relay, country, city, owned, sort, rotation, account, name, proxyMode, socks, http, accessLog, backend, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UserSettings.Read(context) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            var login = parse.GetValue(account);
            if (MullvadCliSupport.Open(parse, context, login) is null)
            {
                return ExitCodes.Failed;
            }

            TimeSpan? keyRotation = null;
            if (parse.GetValue(rotation) is { } text)
            {
                if (!GoDuration.TryParse(text, out var parsed))
                {
                    return AirVpnMullvadShortcuts.Fail(context, $"--key-rotation {text} is not a duration such as 168h or 24h", ExitCodes.InvalidInput);
                }

                keyRotation = parsed;
            }

            var selector = new ServerSelectorSpec
            {
                Name = parse.GetValue(relay),
                Country = parse.GetValue(country)?.ToUpperInvariant() ?? (parse.GetValue(relay) is null ? settings.Mullvad.DefaultCountry : null),
                City = parse.GetValue(city),
                Features = parse.GetValue(owned) ? ["owned"] : [],
                Sort = parse.GetValue(sort),
            };
            var tunnelName = parse.GetValue(name) ?? DefaultName(selector);
            var tunnel = new TunnelManifest
            {
                Metadata = new ObjectMeta { Name = tunnelName },
                Spec = new TunnelSpec
                {
                    Provider = MullvadCliSupport.Provider,
                    Mode = parse.GetValue(proxyMode) ? TunnelMode.Proxy : TunnelMode.Direct,
                    Backend = UserSettings.FlagOr(parse, backend, settings.General.Backend),
                    Server = selector,
                    Account = login is null ? null : new AccountSpec { Name = login },
                    KeyRotation = keyRotation,
                },
            };
            var proxy = !parse.GetValue(proxyMode) ? null : AirVpnMullvadShortcuts.ProxyFor(tunnelName, parse.GetValue(socks), parse.GetValue(http), UserSettings.FlagOr(parse, accessLog, settings.General.ProxyAccessLog));
            return await AirVpnMullvadShortcuts.ConnectAsync(parse, context, MullvadCliSupport.Provider, tunnel, proxy, parse.GetValue(dryRun), cancellationToken);
        });
        return command;
    }

    public static Command BuildDisconnect(CliContext context)
    {
        var names = new Argument<string[]>("name") { Description = "Tunnels to remove (default: the only Mullvad tunnel).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Remove every Mullvad tunnel." };
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("disconnect", "Remove Mullvad tunnels and their proxies, and tear them down.") { names, all, dryRun };
        command.SetAction((parse, cancellationToken) => AirVpnMullvadShortcuts.DisconnectAsync(
            parse, context, MullvadCliSupport.Provider, parse.GetValue(names) ?? [], parse.GetValue(all), parse.GetValue(dryRun), cancellationToken));
        return command;
    }

    /// <summary>
    /// "se-got-wg-001" becomes se-got-001: without "-wg" it fits the 12-character instance rule
    /// and stays distinct from se-got-wg-002. Filters give mullvad-se and the like.
    /// </summary>
    public static string DefaultName(ServerSelectorSpec selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Name is { } relay)
        {
            return InstanceName.FromServerName(relay.Replace("-wg-", "-", StringComparison.OrdinalIgnoreCase));
        }

        var parts = new[] { MullvadCliSupport.Provider, selector.Country, selector.City }.Where(p => !string.IsNullOrEmpty(p));
        return InstanceName.FromServerName(string.Join("-", parts));
    }
}
