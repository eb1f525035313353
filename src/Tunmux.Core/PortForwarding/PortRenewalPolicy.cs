using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.PortForwarding;

/// <summary>
/// When a port keeper asks the gateway again, and what each answer does to its state. Pure:
/// every transition takes "now", so the schedule is tested with plain instants.
/// A mapping is renewed after <see cref="RenewEvery"/> or three quarters of the lifetime the
/// gateway granted, whichever comes first (Proton grants 60 s: renewal every 45 s, as Proton's
/// own instructions do it), so a renewal that needs its retransmissions still lands in time.
/// A failed round is retried with backoff; the port stays shown until its mapping expires.
/// </summary>
public sealed record PortRenewalPolicy(TimeSpan RenewEvery, Backoff Retry)
{
    /// <summary>Never ask more often than this, whatever lifetime a gateway grants.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>The lifetime the keeper asks for, in seconds (Proton's).</summary>
    public const uint RequestedLifetimeSeconds = 60;

    public static PortRenewalPolicy For(string tunnel) =>
        new(TimeSpan.FromSeconds(45), new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), jitterSeed: tunnel));

    /// <summary>The state of a keeper that has not asked yet: it asks at once.</summary>
    public static ForwardedPortState Start(string tunnel, DateTimeOffset now) =>
        new() { Tunnel = tunnel, NextAttemptAt = now, UpdatedAt = now };

    /// <summary>The gateway granted <paramref name="mapping"/>. Asks for the hook when the port differs from the one it last handled.</summary>
    public PortStep Mapped(ForwardedPortState state, PortMapping mapping, DateTimeOffset now)
    {
        var renewIn = TimeSpan.FromTicks(Math.Min(RenewEvery.Ticks, mapping.Lifetime.Ticks * 3 / 4));
        var next = state with
        {
            Port = mapping.Port,
            PreviousPort = state.Port is { } old && old != mapping.Port ? old : state.PreviousPort,
            ExpiresAt = now + mapping.Lifetime,
            RenewedAt = now,
            NextAttemptAt = now + (renewIn < MinimumInterval ? MinimumInterval : renewIn),
            Failures = 0,
            LastError = null,
            UpdatedAt = now,
        };
        var hook = mapping.Port != state.HookedPort ? new PortChange(state.Tunnel, mapping.Port, state.HookedPort) : null;
        return new PortStep(next, hook);
    }

    /// <summary>A round failed: count it and retry after the backoff.</summary>
    public ForwardedPortState Failed(ForwardedPortState state, string error, DateTimeOffset now)
    {
        var failures = state.Failures + 1;
        return state with
        {
            Failures = failures,
            LastError = error,
            NextAttemptAt = now + Retry.DelayAfter(failures),
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// The hook for <paramref name="change"/> ended: success remembers the port as handled; a
    /// failure leaves it unhandled, so the next renewal runs the hook again.
    /// </summary>
    public static ForwardedPortState HookRan(ForwardedPortState state, PortChange change, string? error, DateTimeOffset now) =>
        state with
        {
            HookedPort = error is null ? change.Port : state.HookedPort,
            HookError = error,
            UpdatedAt = now,
        };
}
