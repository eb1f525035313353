using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Daemon.Controller;

/// <summary>
/// The controller's memory of one tunnel: its lifecycle state, conditions and history, and the
/// spec it last saw. In memory only: a restarted daemon adopts what runs and starts counting anew.
/// Touched by the controller's one worker; readers get a copy through <see cref="StatusBoard"/>.
/// </summary>
internal sealed class TunnelTrack(string name)
{
    public string Name { get; } = name;

    public ITunnelState State { get; set; } = TunnelLifecycle.Initial;

    public ConditionSet Conditions { get; set; } = ConditionSet.Empty;

    public EventHistory History { get; set; } = EventHistory.Empty();

    /// <summary>1 at first sight, one more for every spec change (hash or validity).</summary>
    public long Generation { get; set; }

    /// <summary>The spec hash, or "invalid: reason"; a change is a SpecChanged event.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The last resolved spec, which reconnects and failovers configure peers from.</summary>
    public DesiredTunnel? Desired { get; set; }

    /// <summary>The latest facts seen, for the health schedule.</summary>
    public TunnelFacts? Facts { get; set; }

    public LifecycleContext Context(LifecyclePolicy policy) =>
        Desired is { WireGuard.Peers.Count: > 0 } desired ? LifecycleContext.For(desired, policy) : new LifecycleContext(1, policy);

    public void Record(DateTimeOffset at, HistoryEventType type, string reason, string message) =>
        History = History.Add(new EventHistoryEntry(at, type, reason, message));
}
