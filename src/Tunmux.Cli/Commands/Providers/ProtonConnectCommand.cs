using Tunmux.Core.Model;
using System.CommandLine;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.Naming;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Servers;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `proton connect` picks a server now (to name the instance after it: US#1 is us-1), declares a
/// Tunnel for it (and a Proxy with --proxy) and reconciles, exactly as `apply` would with the
/// same manifests; `proton disconnect` removes them again.
/// </summary>
public static class ProtonConnectCommand
{
    public static Command BuildConnect(CliContext context, ProtonIo io)
    {
        var server = new Argument<string?>("server") { Description = "An exact server, e.g. US#1 (default: the best one left by the filters).", Arity = ArgumentArity.ZeroOrOne };
        var filters = new ProtonServerOptions(allowNameSort: false);
        var account = ProtonCliSupport.AccountOption();
        var proxy = new Option<bool>("--proxy") { Description = "Run the exit in its own namespace behind a local SOCKS5/HTTP proxy; without it the tunnel is direct: all host traffic through it, behind a kill switch." };
        var socks = AirVpnMullvadShortcuts.SocksPortOption();
        var http = AirVpnMullvadShortcuts.HttpPortOption();
        var accessLog = AirVpnMullvadShortcuts.AccessLogOption();
        var backend = AirVpnMullvadShortcuts.BackendOption();
        var portForwarding = new Option<bool>("--port-forwarding") { Description = "Use a P2P server and a certificate that allows port forwarding." };
        var name = AirVpnMullvadShortcuts.NameOption();
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("connect", "Declare a Proton tunnel (and its proxy) and bring it up.")
        {
            server, account, proxy, socks, http, accessLog, backend, portForwarding, name, dryRun,
        };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UserSettings.Read(context) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            var login = parse.GetValue(account);
            var selector = filters.Selector(parse, parse.GetValue(server));
            selector = selector with { Country = selector.Country ?? (selector.Name is null ? settings.Proton.DefaultCountry : null) };
            LogicalServer chosen;
            using (var handle = ProtonCliSupport.Open(parse, context, login))
            {
                if (handle is null)
                {
                    return ExitCodes.InvalidInput;
                }

                try
                {
                    var list = await new ProtonServerList(ProtonCliSupport.Store(context), io.Time).GetAsync(handle.Client, refresh: false, cancellationToken);
                    if (list.Warning is { } warning)
                    {
                        ProtonCliSupport.Warn(context, warning);
                    }

                    var query = SelectorMapping.ToQuery(selector, handle.Session.MaxTier, parse.GetValue(portForwarding));
                    var (matching, failure) = ServerSelector.Matching(list.Servers, query);
                    if (failure is not null)
                    {
                        return AirVpnMullvadShortcuts.Fail(
                            context, $"no server left after filter {SelectorMapping.Describe(failure.EmptiedBy!.Value, query)}: {failure.Error}", ExitCodes.InvalidInput);
                    }

                    chosen = (SelectorMapping.WantsLatency(selector) ? await LatencySort.SortAsync(matching, io.Latency, cancellationToken) : matching)[0];
                }
                catch (ProtonException exception)
                {
                    return ProtonCliSupport.Report(context, exception);
                }
            }

            var instance = parse.GetValue(name) ?? InstanceName.FromServerName(chosen.Name);
            var tunnel = new TunnelManifest
            {
                Metadata = new ObjectMeta { Name = instance },
                Spec = new TunnelSpec
                {
                    Provider = ProviderNames.Proton,
                    Mode = parse.GetValue(proxy) ? TunnelMode.Proxy : TunnelMode.Direct,
                    Backend = UserSettings.FlagOr(parse, backend, settings.General.Backend),
                    Server = new ServerSelectorSpec { Name = chosen.Name },
                    Account = login is null ? null : new AccountSpec { Name = login },
                    PortForwarding = parse.GetValue(portForwarding),
                },
            };
            List<ManifestObject> objects = [tunnel];
            if (parse.GetValue(proxy))
            {
                objects.Add(AirVpnMullvadShortcuts.ProxyFor(instance, parse.GetValue(socks), parse.GetValue(http), UserSettings.FlagOr(parse, accessLog, settings.General.ProxyAccessLog)));
            }

            return await ApplyAsync(parse, ProtonCliSupport.WithProtonSource(parse, context, io), objects, chosen.Name, parse.GetValue(dryRun), cancellationToken);
        });
        return command;
    }

    public static Command BuildDisconnect(CliContext context)
    {
        var names = new Argument<string[]>("instance") { Description = "Instances to remove, e.g. us-1 (default: the only Proton tunnel).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Remove every Proton tunnel." };
        var dryRun = AirVpnMullvadShortcuts.DryRunOption();
        var command = new Command("disconnect", "Remove Proton tunnels and their proxies, and tear them down.") { names, all, dryRun };
        command.SetAction((parse, cancellationToken) => AirVpnMullvadShortcuts.DisconnectAsync(
            parse, context, ProviderNames.Proton, parse.GetValue(names) ?? [], parse.GetValue(all), parse.GetValue(dryRun), cancellationToken));
        return command;
    }

    /// <summary>Declares the objects and reconciles, then says where the proxy listens.</summary>
    private static async Task<int> ApplyAsync(
        ParseResult parse, CliContext context, IReadOnlyList<ManifestObject> objects, string server, bool dryRun, CancellationToken cancellationToken)
    {
        if (!dryRun && await ProviderViaDaemon.TryConnectAsync(parse, context, objects, cancellationToken) is { } viaDaemon)
        {
            return viaDaemon;
        }

        var exits = dryRun ? ExitOperationsFactory.Create(parse, context) : ExitOperationsFactory.ForChanges(parse, context, "proton connect");
        if (exits is null)
        {
            return ExitCodes.NeedsRoot;
        }

        var result = await exits.ApplyAsync(
            new ManifestSet(objects, []), new ApplyOptions(dryRun), outcome => PlanPrinter.PrintOutcome(context.Out, outcome), cancellationToken);
        var code = ReconcileOutput.Report(context.Out, context.Error, result, dryRun);
        if (code != ExitCodes.Success || dryRun)
        {
            return code;
        }

        if (!await Operations.OneShotDirectMode.AfterChangeAsync(parse, context, cancellationToken))
        {
            return ExitCodes.Failed;
        }

        var name = objects[0].Name;
        var view = await exits.ViewAsync(cancellationToken);
        var listening = StatusReport.Proxies(view).FirstOrDefault(p => p.Name == name);
        var ports = listening is null ? "" : $": SOCKS5 {listening.Socks ?? "-"}, HTTP {listening.Http ?? "-"}";
        context.Out.MarkupLine($"Connected [bold]{SafeText.Markup(name)}[/] ({SafeText.Markup(server)}){SafeText.Markup(ports)}");
        return code;
    }
}
