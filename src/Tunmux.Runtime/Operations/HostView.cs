using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

/// <summary>The declared objects next to what the host shows right now.</summary>
public sealed record HostView(
    IReadOnlyList<ManifestObject> Declared,
    DesiredState Desired,
    ObservedState Observed,
    IReadOnlyList<string> Problems)
{
    /// <summary>When <see cref="Observed"/> was taken: handshake ages are judged against it.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>The daemon controller's conditions and events; null when no daemon runs this command.</summary>
    public LiveStatus? Live { get; init; }

    /// <summary>The health rules (handshake age, grace) used to read one observation.</summary>
    public LifecyclePolicy Policy { get; init; } = LifecyclePolicy.Default;

    public ObservedTunnel? TunnelRecord(string name) => Observed.Tunnels.FirstOrDefault(t => t.Record.Name == name);

    public ObservedProxy? ProxyRecord(string name) => Observed.Proxies.FirstOrDefault(p => p.Record.Name == name);

    public ObservedPortForward? PortForwardRecord(string name) => Observed.PortForwards.FirstOrDefault(p => p.Record.Name == name);

    public DesiredTunnel? DesiredTunnel(string name) => Desired.Tunnels.FirstOrDefault(t => t.Name == name);
}
