namespace Tunmux.Core.Observed;

/// <summary>What the host shows about one tunnel right now.</summary>
public sealed record TunnelFacts(
    bool NamespaceExists,
    bool InterfaceExists,
    bool InterfaceUp,
    bool HasDefaultRoute,
    bool WireGuardProcessAlive,
    string? PublicKey,
    string? PeerEndpoint,
    DateTimeOffset? LatestHandshake,
    long RxBytes,
    long TxBytes)
{
    public static TunnelFacts Missing { get; } = new(false, false, false, false, false, null, null, null, 0, 0);

    /// <summary>The reason the tunnel needs rebuilding, or null when its parts are all there.</summary>
    public string? BrokenReason =>
        !NamespaceExists ? "namespace is missing"
        : !InterfaceExists ? "interface is missing"
        : !WireGuardProcessAlive ? "wireguard process is not running"
        : !InterfaceUp ? "interface is down"
        : !HasDefaultRoute ? "default route is missing"
        : null;
}
