using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The controller's memory of one tunnel: its lifecycle state, conditions and history, and the
/// spec it last saw. The lifecycle state lives in memory only (a restarted daemon adopts what
/// runs); conditions, history and generation are saved (see <see cref="ObjectTrack"/>).
/// Touched only by the worker that holds the tunnel's key (the work queue hands a key to one
/// worker at a time); readers get a copy through <see cref="StatusBoard"/>.
/// </summary>
internal sealed class TunnelTrack(string name) : ObjectTrack(name)
{
    public ITunnelState State { get; set; } = TunnelLifecycle.Initial;

    /// <summary>Whether this daemon has fed the lifecycle a spec yet; until then a fingerprint may be a previous daemon's.</summary>
    public bool SpecSeen { get; set; }

    /// <summary>The last resolved spec, which reconnects and failovers configure peers from.</summary>
    public DesiredTunnel? Desired { get; set; }

    /// <summary>The recovery step the lifecycle asked for, which the key's next full pass plans and runs; null when none.</summary>
    public TunnelRecovery? Recovery { get; set; }

    /// <summary>What the lifecycle asked for and this key's next step has yet to carry out.</summary>
    public List<LifecycleAction> Pending { get; } = [];

    /// <summary>The latest facts seen, for the health schedule.</summary>
    public TunnelFacts? Facts { get; set; }

    public LifecycleContext Context(LifecyclePolicy policy) =>
        Desired is { WireGuard.Peers.Count: > 0 } desired ? LifecycleContext.For(desired, policy) : new LifecycleContext(1, policy);

    public void Record(DateTimeOffset at, HistoryEventType type, string reason, string message) =>
        History = History.Add(new EventHistoryEntry(at, type, reason, message));
}
