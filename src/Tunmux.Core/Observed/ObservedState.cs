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
}

public sealed record ObservedTunnel(TunnelRecord Record, TunnelFacts Facts);

public sealed record ObservedProxy(ProxyRecord Record, bool ProcessAlive)
{
    /// <summary>The worker's published connection counts; null when it publishes none (yet).</summary>
    public ProxyConnectionCounts? Connections { get; init; }
}
