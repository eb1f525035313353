using Tunmux.Api.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Processes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Observation;

/// <summary>
/// Looks at one tunnel as it is now: namespace, link, default route, WireGuard state and
/// the wireguard-go process. Read-only.
/// </summary>
internal sealed class TunnelInspector(HostPaths paths, ICommandRunner runner, IProcessLauncher launcher)
{
    public static HostCommand LinkShow(string ns, string iface) => NetnsCommands.Ip(ns, "-j", "link", "show", iface);

    public static HostCommand DefaultRouteShow(string ns) => NetnsCommands.Ip(ns, "-j", "route", "show", "default");

    public static HostCommand WgDump(string ns, string iface) => NetnsCommands.Exec(ns, "wg", "show", iface, "dump");

    public async Task<TunnelFacts> InspectAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        var userspaceAlive = record.WireGuardProcess is { } process && launcher.IsAlive(process);
        if (!paths.NamespaceExists(record.Namespace))
        {
            return TunnelFacts.Missing with { WireGuardProcessAlive = userspaceAlive };
        }

        var linkResult = await runner.RunAsync(LinkShow(record.Namespace, record.Interface), cancellationToken).ConfigureAwait(false);
        var link = linkResult.Succeeded ? IpJson.ParseLink(linkResult.StandardOutput, record.Interface) : null;
        var routeResult = await runner.RunAsync(DefaultRouteShow(record.Namespace), cancellationToken).ConfigureAwait(false);
        var hasDefaultRoute = routeResult.Succeeded && IpJson.HasDefaultRouteVia(routeResult.StandardOutput, record.Interface);

        WgDump? dump = null;
        if (link is not null)
        {
            // The dump's first line holds the private key: it is parsed in memory and dropped, never logged.
            var dumpResult = await runner.RunAsync(WgDump(record.Namespace, record.Interface), cancellationToken).ConfigureAwait(false);
            dump = dumpResult.Succeeded ? WgDumpParser.Parse(dumpResult.StandardOutput) : null;
        }

        var wireGuardAlive = record.Backend == BackendKind.Kernel ? link is not null : userspaceAlive;
        return new TunnelFacts(
            NamespaceExists: true,
            InterfaceExists: link is not null,
            InterfaceUp: link?.AdminUp ?? false,
            HasDefaultRoute: hasDefaultRoute,
            WireGuardProcessAlive: wireGuardAlive,
            PublicKey: dump?.PublicKey,
            PeerEndpoint: dump?.Peers.FirstOrDefault()?.Endpoint,
            LatestHandshake: dump?.LatestHandshake,
            RxBytes: dump?.RxBytes ?? 0,
            TxBytes: dump?.TxBytes ?? 0);
    }
}
