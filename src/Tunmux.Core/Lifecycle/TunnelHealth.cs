using System.Globalization;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Lifecycle;

/// <summary>Judges one snapshot of a tunnel by its parts and its latest handshake.</summary>
public static class TunnelHealth
{
    /// <param name="window">The grace period the tunnel is in, if any; inside it a missing or old handshake means "wait".</param>
    public static HealthVerdict Assess(TunnelFacts facts, DateTimeOffset now, TimeSpan maxAge, HandshakeWindow? window)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.BrokenReason is { } broken)
        {
            return new HealthVerdict(HealthStatus.Broken, new Cause(LifecycleReasons.TunnelBroken, broken));
        }

        var handshake = facts.LatestHandshake;
        if (handshake is { } at && now - at <= maxAge)
        {
            return new HealthVerdict(HealthStatus.Healthy, new Cause(LifecycleReasons.HandshakeFresh, "the latest handshake is recent"));
        }

        if (window is not null && window.IsOpenAt(now))
        {
            return new HealthVerdict(HealthStatus.Waiting, new Cause(
                LifecycleReasons.AwaitingHandshake, $"waiting up to {Seconds(window.Length)} s for a handshake"));
        }

        return handshake is { } last
            ? new HealthVerdict(HealthStatus.Unhealthy, new Cause(
                LifecycleReasons.HandshakeStale,
                $"the latest handshake was {Seconds(now - last)} s ago, more than the {Seconds(maxAge)} s allowed"))
            : new HealthVerdict(HealthStatus.Unhealthy, new Cause(
                LifecycleReasons.NoHandshake,
                window is null ? "no handshake has happened" : $"no handshake within {Seconds(window.Length)} s"));
    }

    internal static string Seconds(TimeSpan span) =>
        ((long)Math.Floor(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
