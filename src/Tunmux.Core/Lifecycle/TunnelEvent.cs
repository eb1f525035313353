using Tunmux.Core.Observed;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// Everything that can happen to a tunnel. The set is closed: the constructor is private, so
/// the records nested here are the only events and every state decides about each of them.
/// Each event carries the time it happened; the state machine never reads a clock.
/// </summary>
public abstract record TunnelEvent
{
    private TunnelEvent(DateTimeOffset at) => At = at;

    public DateTimeOffset At { get; }

    /// <summary>A fresh snapshot of the host for this tunnel, taken at <paramref name="At"/>.</summary>
    public sealed record Observed(TunnelFacts Facts, DateTimeOffset At) : TunnelEvent(At);

    /// <summary>
    /// The declared spec changed (or was read for the first time). <paramref name="InvalidReason"/>
    /// is the validation error, or null when the spec is usable.
    /// </summary>
    public sealed record SpecChanged(string? InvalidReason, DateTimeOffset At) : TunnelEvent(At);

    /// <summary>A <see cref="LifecycleAction.Build"/> or <see cref="LifecycleAction.Rebuild"/> finished.</summary>
    public sealed record BuildSucceeded(DateTimeOffset At) : TunnelEvent(At);

    /// <summary>
    /// A build failed. <paramref name="Transient"/> failures (a busy lock, a DNS hiccup) retry with
    /// backoff; the others mean the spec cannot be built and wait for it to change.
    /// </summary>
    public sealed record BuildFailed(string Reason, bool Transient, DateTimeOffset At) : TunnelEvent(At);

    /// <summary>
    /// The tunnel was resolved again after a <see cref="LifecycleAction.ChangeServer"/>:
    /// <paramref name="Server"/> is the provider's new pick (the same one when no other matches).
    /// </summary>
    public sealed record ServerResolved(string? Server, DateTimeOffset At) : TunnelEvent(At);

    /// <summary>The result of an optional active check through the tunnel (e.g. an HTTP request).</summary>
    public sealed record ProbeResult(bool Ok, string? Detail, DateTimeOffset At) : TunnelEvent(At);

    /// <summary>The tunnel is no longer declared, or the user asked to remove it.</summary>
    public sealed record DeleteRequested(DateTimeOffset At) : TunnelEvent(At);

    /// <summary>Time passed and nothing new is known; lets deadlines and retries fire.</summary>
    public sealed record Tick(DateTimeOffset At) : TunnelEvent(At);
}
