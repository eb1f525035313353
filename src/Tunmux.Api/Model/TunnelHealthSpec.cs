namespace Tunmux.Api.Model;

/// <summary>
/// <c>spec.health</c>: how the daemon judges a tunnel. Neither part is in the tunnel's spec hash:
/// changing them never rebuilds the tunnel.
/// </summary>
public sealed record TunnelHealthSpec
{
    /// <summary>A latest handshake older than this means unhealthy; null keeps the daemon's limit (180 s by default).</summary>
    public TimeSpan? HandshakeMaxAge { get; init; }

    /// <summary>An optional active check through the exit; none when null.</summary>
    public ProbeSpec? Probe { get; init; }
}

/// <summary>
/// An active probe sent from inside the tunnel's namespace, so it can only travel through the
/// tunnel. Exactly one of <see cref="Url"/> and <see cref="Tcp"/>. Only the daemon probes: a
/// one-shot <c>tunmux apply</c> does not.
/// </summary>
public sealed record ProbeSpec
{
    public const int DefaultFailureThreshold = 3;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>http://HOST[:PORT]/PATH: a GET whose status is below 500 passes.</summary>
    public string? Url { get; init; }

    /// <summary>HOST:PORT or [IPV6]:PORT: a TCP connect that completes passes.</summary>
    public string? Tcp { get; init; }

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>This many failures in a row make the tunnel unhealthy; one pass clears them.</summary>
    public int FailureThreshold { get; init; } = DefaultFailureThreshold;
}
