namespace Tunmux.Linux.WireGuard;

/// <summary>
/// The public part of <c>wg show IF dump</c>. The interface's private key, which the dump
/// prints first, is dropped while parsing and never held here.
/// </summary>
public sealed record WgDump(string? PublicKey, int ListenPort, IReadOnlyList<WgDumpPeer> Peers)
{
    /// <summary>The most recent handshake with any peer.</summary>
    public DateTimeOffset? LatestHandshake => Peers.Max(peer => peer.LatestHandshake);

    public long RxBytes => Peers.Sum(peer => peer.RxBytes);

    public long TxBytes => Peers.Sum(peer => peer.TxBytes);
}

public sealed record WgDumpPeer(
    string PublicKey,
    string? Endpoint,
    IReadOnlyList<string> AllowedIps,
    DateTimeOffset? LatestHandshake,
    long RxBytes,
    long TxBytes,
    int? PersistentKeepalive);
