namespace Tunmux.Core.Model;

/// <summary>Everything WireGuard needs for one interface, with the keys already read.</summary>
public sealed record WireGuardConfig(
    Secret PrivateKey,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Dns,
    int? Mtu,
    IReadOnlyList<WireGuardPeer> Peers);

public sealed record WireGuardPeer(
    string PublicKey,
    string? Endpoint,
    IReadOnlyList<string> AllowedIps,
    Secret? PresharedKey,
    int? PersistentKeepalive);
