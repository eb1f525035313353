using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Status;

/// <summary>
/// Conditions from one observation, for commands that run without a daemon: the observation is
/// read as the lifecycle state it shows, and the conditions are derived from that state exactly as
/// the controller derives them. Only transition times and history are missing.
/// </summary>
public static class ObservedConditions
{
    public static ITunnelState TunnelState(bool declared, DesiredTunnel? desired, ObservedTunnel? observed, DateTimeOffset now, LifecyclePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!declared)
        {
            return new SnapshotState(TunnelPhase.Pending, new Cause("NotDeclared", "no manifest declares this tunnel; delete --all or apply --prune removes it"));
        }

        if (observed is null)
        {
            return new SnapshotState(TunnelPhase.Pending, new Cause("NotCreated", "declared, not built yet"));
        }

        if (observed.Facts.BrokenReason is { } broken)
        {
            return new SnapshotState(TunnelPhase.Blocked, new Cause(Pascal(broken), $"the tunnel is broken: {broken}"));
        }

        if (desired is not null && desired.SpecHash != observed.Record.SpecHash)
        {
            return new SnapshotState(TunnelPhase.Connecting, new Cause("SpecChanged", "the host runs an older spec; the next apply rebuilds it"));
        }

        var window = HandshakeWindow.Starting(observed.Record.CreatedAt, policy.HandshakeGrace);
        // The tunnel's own limit (spec.health.handshakeMaxAge) wins, as it does in the daemon.
        var verdict = TunnelHealth.Assess(observed.Facts, now, desired?.HandshakeMaxAge ?? policy.HandshakeMaxAge, window);
        return verdict.Status switch
        {
            HealthStatus.Healthy => new SnapshotState(
                TunnelPhase.Connected, new Cause(LifecycleReasons.Connected, $"connected through peer {observed.Record.ActivePeer + 1}")),
            HealthStatus.Waiting => new SnapshotState(TunnelPhase.Connecting, verdict.Cause),
            _ => new SnapshotState(TunnelPhase.Degraded, verdict.Cause),
        };
    }

    /// <summary>"interface is missing" -> "InterfaceIsMissing", a Kubernetes-style reason.</summary>
    public static string Pascal(string words) =>
        string.Concat(words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>Whether a proxy's worker serves, and if not why, as "Reason: message".</summary>
    public static ProxyReadiness Proxy(string name, bool declared, ObservedProxy? observed) => (declared, observed) switch
    {
        (false, _) => new ProxyReadiness(name, false, "NotDeclared: no manifest declares this proxy"),
        (_, null) => new ProxyReadiness(name, false, "NotCreated: declared, not started yet"),
        (_, { ProcessAlive: false }) => new ProxyReadiness(name, false, "WorkerNotRunning: the worker process is not running"),
        _ => new ProxyReadiness(name, true),
    };
}
