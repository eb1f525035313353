using Tunmux.Core.Observed;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Host snapshots of one tunnel, named for what a test needs them to show.</summary>
internal static class Facts
{
    public const string Endpoint = "198.18.1.2:51820";

    /// <summary>All parts present; the latest handshake at <paramref name="handshake"/> (null: never).</summary>
    public static TunnelFacts Up(DateTimeOffset? handshake) =>
        new(true, true, true, true, true, "pub", Endpoint, handshake, 100, 100);

    public static TunnelFacts NeverHandshaked => Up(null);

    /// <summary>All parts present but the interface lost its default route.</summary>
    public static TunnelFacts NoRoute(DateTimeOffset? handshake) => Up(handshake) with { HasDefaultRoute = false };

    public static TunnelFacts Gone => TunnelFacts.Missing;
}
