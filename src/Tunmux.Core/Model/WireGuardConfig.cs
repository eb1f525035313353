namespace Tunmux.Core.Model;

/// <summary>Everything WireGuard needs for one interface, with the keys already read.</summary>
public sealed record WireGuardConfig(
    Secret PrivateKey,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Dns,
    int? Mtu,
    IReadOnlyList<WireGuardPeer> Peers)
{
    /// <summary>
    /// The config with peer <paramref name="index"/> as its only peer. Several peers in a spec are
    /// alternatives to fail over between, not peers to use at once: with two full-tunnel peers
    /// (0.0.0.0/0 each) WireGuard would route everything to whichever was added last.
    /// </summary>
    public WireGuardConfig WithOnlyPeer(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Peers.Count);
        return this with { Peers = [Peers[index]] };
    }
}

public sealed record WireGuardPeer(
    string PublicKey,
    string? Endpoint,
    IReadOnlyList<string> AllowedIps,
    Secret? PresharedKey,
    int? PersistentKeepalive);
