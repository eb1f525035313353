using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;

namespace Tunmux.Core.Observed;

/// <summary>One immutable snapshot of the host, taken at the start of a pass.</summary>
public sealed record ObservedState(
    IReadOnlyList<ObservedTunnel> Tunnels,
    IReadOnlyList<ObservedProxy> Proxies,
    IReadOnlyList<string> OrphanNamespaces,
    IReadOnlySet<int> HostTcpPortsInUse)
{
    public static ObservedState Empty { get; } = new([], [], [], new HashSet<int>());

    /// <summary>
    /// WireGuard interfaces a build left in the host namespace (see <see cref="OrphanInterfaces"/>),
    /// by exact name; listed with the orphan namespaces only.
    /// </summary>
    public IReadOnlyList<string> OrphanInterfaces { get; init; } = [];

    /// <summary>Port keepers of tunnels with port forwarding, with what each last reported.</summary>
    public IReadOnlyList<ObservedPortForward> PortForwards { get; init; } = [];
}

public sealed record ObservedTunnel(TunnelRecord Record, TunnelFacts Facts);

public sealed record ObservedProxy(ProxyRecord Record, bool ProcessAlive)
{
    /// <summary>The worker's published connection counts; null when it publishes none (yet).</summary>
    public ProxyConnectionCounts? Connections { get; init; }
}

/// <param name="State">What the keeper last wrote to its state file; null before it wrote or when it cannot be read.</param>
public sealed record ObservedPortForward(PortForwardRecord Record, bool ProcessAlive, ForwardedPortState? State);
