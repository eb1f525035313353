using Tunmux.Core.Model;

namespace Tunmux.Core.Lifecycle;

/// <summary>What a transition may know besides the state and the event: the current spec's shape and the policy.</summary>
public sealed record LifecycleContext
{
    public LifecycleContext(int peerCount, LifecyclePolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(peerCount, 1);
        ArgumentNullException.ThrowIfNull(policy);
        PeerCount = peerCount;
        Policy = policy;
    }

    /// <summary>How many peers (endpoints) the spec offers to fail over between.</summary>
    public int PeerCount { get; }

    /// <summary>
    /// The server a provider tunnel was resolved to (e.g. "CH#12"), or null for plain WireGuard.
    /// With a server, failing over means asking the provider for another one rather than the next peer.
    /// </summary>
    public string? Server { get; init; }

    public LifecyclePolicy Policy { get; }

    /// <summary>
    /// The context for a declared tunnel: its backoff jitter is seeded by the tunnel's name, and its
    /// own handshake age limit (spec.health.handshakeMaxAge) replaces the daemon's.
    /// </summary>
    public static LifecycleContext For(DesiredTunnel tunnel, LifecyclePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        ArgumentNullException.ThrowIfNull(policy);
        return new LifecycleContext(
            tunnel.WireGuard.Peers.Count,
            policy with
            {
                BuildBackoff = policy.BuildBackoff with { JitterSeed = tunnel.Name },
                HandshakeMaxAge = tunnel.HandshakeMaxAge ?? policy.HandshakeMaxAge,
            })
        {
            Server = tunnel.Server,
        };
    }
}
