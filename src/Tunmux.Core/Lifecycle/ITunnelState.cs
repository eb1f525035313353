namespace Tunmux.Core.Lifecycle;

/// <summary>
/// One state of a tunnel's lifecycle. The only behaviour is <see cref="Next"/>: given an event
/// and the context, return the next state and what the host should do. Implementations are
/// immutable records and never read a clock or touch the host, so every transition is a unit
/// test. The properties describe the state for status output and for the run loop.
/// </summary>
public interface ITunnelState
{
    TunnelPhase Phase { get; }

    /// <summary>Why the tunnel is in this state; stable for as long as it stays in it.</summary>
    Cause Cause { get; }

    /// <summary>
    /// When this state next wants an event even if nothing happens (a grace period or a retry
    /// ends), or null. The run loop should observe the host and send <see cref="TunnelEvent.Observed"/>
    /// at or after this time, or at least a <see cref="TunnelEvent.Tick"/>.
    /// </summary>
    DateTimeOffset? WakeAt { get; }

    Transition Next(TunnelEvent @event, LifecycleContext context);
}
