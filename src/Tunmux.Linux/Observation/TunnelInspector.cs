using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Linux.Processes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Observation;

/// <summary>
/// Looks at one tunnel as it is now: namespace, link, default route, WireGuard state and
/// the wireguard-go process. Read-only, and in-process for wireguard-go tunnels (rtnetlink
/// and the control socket), so a pass over many tunnels starts no programs.
/// </summary>
internal sealed class TunnelInspector(
    HostPaths paths,
    IProcessLauncher launcher,
    INamespaceRoutingReader routing,
    IWireGuardStateReader userspace,
    IWireGuardStateReader kernel)
{
    public async Task<TunnelFacts> InspectAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        var userspaceAlive = record.WireGuardProcess is { } process && launcher.IsAlive(process);
        if (!paths.NamespaceExists(record.Namespace))
        {
            return TunnelFacts.Missing with { WireGuardProcessAlive = userspaceAlive };
        }

        var seen = routing.Read(record.Namespace);
        var link = seen?.Link(record.Interface);
        var dump = link is null
            ? null
            : await (record.Backend == BackendKind.Kernel ? kernel : userspace).ReadAsync(record, cancellationToken).ConfigureAwait(false);

        var wireGuardAlive = record.Backend == BackendKind.Kernel ? link is not null : userspaceAlive;
        return new TunnelFacts(
            NamespaceExists: true,
            InterfaceExists: link is not null,
            InterfaceUp: link?.AdminUp ?? false,
            HasDefaultRoute: seen?.HasDefaultRouteVia(record.Interface) ?? false,
            WireGuardProcessAlive: wireGuardAlive,
            PublicKey: dump?.PublicKey,
            PeerEndpoint: dump?.Peers.FirstOrDefault()?.Endpoint,
            LatestHandshake: dump?.LatestHandshake,
            RxBytes: dump?.RxBytes ?? 0,
            TxBytes: dump?.TxBytes ?? 0);
    }
}
