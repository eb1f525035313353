namespace Tunmux.Core.Lifecycle;

/// <summary>The knobs of the lifecycle. The defaults follow issue #4.</summary>
public sealed record LifecyclePolicy
{
    public static LifecyclePolicy Default { get; } = new();

    /// <summary>A latest handshake older than this means the tunnel is unhealthy.</summary>
    public TimeSpan HandshakeMaxAge { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// How long after a build, reconnect or failover the tunnel may go without a recent handshake
    /// before that counts against it: the first handshake takes a round trip or a few.
    /// </summary>
    public TimeSpan HandshakeGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnects to the same peer before failing over to the next one (0: fail over at once).</summary>
    public int ReconnectsBeforeFailover { get; init; } = 3;

    /// <summary>
    /// How long a connected tunnel stays Degraded before recovery starts, so that one failed
    /// probe does not tear down a working tunnel. Zero starts recovery at once.
    /// </summary>
    public TimeSpan DegradedConfirmation { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a tunnel must stay connected before its recovery ladder starts again from the
    /// bottom. Shorter stays keep their place, so a flapping peer still leads to a failover.
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Delays between retries of a build that failed for a transient reason.</summary>
    public Backoff BuildBackoff { get; init; } = Backoff.Default;
}
