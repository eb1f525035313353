using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;

namespace Tunmux.Core.Host;

/// <summary>
/// The one seam between reconciling and the host. Every namespace, interface, process and
/// file that makes an exit goes through an implementation of this interface; it keeps no
/// state of its own (records are kept by the caller).
/// </summary>
public interface IExitDriver
{
    /// <summary>Names of the existing network namespaces that start with <paramref name="prefix"/>.</summary>
    IReadOnlyList<string> ListNamespaces(string prefix);

    TunnelFacts InspectTunnel(TunnelRecord record);

    bool IsAlive(ProcessRef process);

    /// <summary>TCP ports with a listening socket in the host namespace, any address.</summary>
    IReadOnlySet<int> ListHostTcpPorts();

    /// <summary>Builds the namespace, the WireGuard interface and its routes and DNS; returns what was built.</summary>
    /// <remarks>Configures only <see cref="DesiredTunnel.ActivePeer"/>; the record says which peer that was.</remarks>
    Task<TunnelRecord> CreateTunnelAsync(DesiredTunnel tunnel, CancellationToken cancellationToken);

    /// <summary>
    /// Reconnects a built tunnel in place: makes peer <paramref name="peerIndex"/> of
    /// <paramref name="tunnel"/> the interface's only peer (its endpoint's host name resolved
    /// afresh), which also drops the old session, and sends a packet into the tunnel so a new
    /// handshake starts at once. The same peer is a reconnect, another one a failover. Nothing
    /// outside the tunnel is opened meanwhile. Returns the record with the new active peer.
    /// </summary>
    Task<TunnelRecord> ReconnectAsync(TunnelRecord record, DesiredTunnel tunnel, int peerIndex, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one active probe from inside the tunnel's namespace (so through the tunnel and nowhere
    /// else), within its timeout; a host name is resolved there, through the probe's name servers
    /// (the tunnel's DNS). A probe that cannot run (the namespace is gone) is a failed outcome, not
    /// an exception. Safe to call from any thread, while other operations run.
    /// </summary>
    Task<ProbeOutcome> ProbeAsync(TunnelRecord tunnel, ProbeSettings probe, CancellationToken cancellationToken);

    /// <summary>Removes everything the record names; succeeds when parts are already gone.</summary>
    Task DeleteTunnelAsync(TunnelRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes a namespace that carries our prefix but has no record (left by a crash).</summary>
    Task DeleteOrphanNamespaceAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>Starts a proxy worker inside the tunnel's namespace, listening in the host namespace; returns once it listens.</summary>
    Task<ProxyRecord> StartProxyAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a proxy worker. It drains: open connections may finish for a grace period. With
    /// <paramref name="cutConnections"/> (its tunnel is being deleted or rebuilt, so no connection
    /// through it can go on) they are cut at once instead, and a repair does not wait out the grace.
    /// </summary>
    Task StopProxyAsync(ProxyRecord record, bool cutConnections, CancellationToken cancellationToken);

    /// <summary>
    /// The connection counts the record's worker last published (a cheap file read, fit for every
    /// metrics scrape). A worker that is no longer alive has no open connections, so its active
    /// count reads 0. Null when that worker published nothing; never another worker's counts.
    /// </summary>
    ProxyConnectionCounts? ReadProxyConnections(ProxyRecord record) => null;

    /// <summary>
    /// Starts the keeper of a tunnel's forwarded port inside the tunnel's namespace (where the
    /// NAT-PMP gateway is reached); returns once it runs and has written its first state.
    /// </summary>
    Task<PortForwardRecord> StartPortForwardAsync(DesiredPortForward keeper, TunnelRecord tunnel, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a port keeper. With <paramref name="releaseMapping"/> (the port is no longer wanted:
    /// its tunnel is deleted or port forwarding turned off) the keeper first asks the gateway to
    /// delete the mapping, best effort and briefly; without it (a replace or repair, whose new
    /// keeper asks again and may keep the same port) the mapping is left to its lifetime.
    /// </summary>
    Task StopPortForwardAsync(PortForwardRecord record, bool releaseMapping, CancellationToken cancellationToken);

    /// <summary>What the keeper last reported; null when it has not yet, or its report cannot be read.</summary>
    ForwardedPortState? ReadPortForward(PortForwardRecord record);
}
