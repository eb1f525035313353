namespace Tunmux.Providers.Proton.Servers;

/// <summary>What the user asked for when picking a Proton server. Empty fields do not filter.</summary>
public sealed record ServerQuery
{
    /// <summary>An exact server name such as "CH#53" (case-insensitive).</summary>
    public string? Name { get; init; }

    /// <summary>Two-letter exit country (case-insensitive).</summary>
    public string? Country { get; init; }

    public string? City { get; init; }

    /// <summary>
    /// Features the server must have. SecureCore and Tor servers are left out unless asked
    /// for here; PortForwarding needs P2P, so callers add P2P for it.
    /// </summary>
    public ServerFeatures Features { get; init; }

    public TierFilter Tier { get; init; } = TierFilter.Any;

    /// <summary>The account's `MaxTier`; servers above it cannot be used. Null means no limit.</summary>
    public ServerTier? AccountMaxTier { get; init; }

    /// <summary>Highest acceptable load in percent.</summary>
    public int? MaxLoad { get; init; }

    public ServerSort Sort { get; init; } = ServerSort.Score;
}
