
namespace Tunmux.Core.Model;

/// <summary>A tunnel as it should exist on the host, resolved from its manifest.</summary>
public sealed record DesiredTunnel(
    string Name,
    string Provider,
    TunnelMode Mode,
    BackendKind Backend,
    WireGuardConfig WireGuard)
{
    /// <summary>
    /// The peer a build configures (the others are failover candidates). Not part of the spec:
    /// the controller chooses it, so it is left out of <see cref="SpecHash"/>.
    /// </summary>
    public int ActivePeer { get; init; }

    /// <summary>
    /// A recovery step the lifecycle asks this pass for (reconnect, failover, server change); null
    /// when none. Chosen by the controller like <see cref="ActivePeer"/>, so not part of <see cref="SpecHash"/>.
    /// </summary>
    public TunnelRecovery? Recovery { get; init; }

    /// <summary>The provider's name for the chosen server (e.g. "CH#12"), shown in status; null for plain WireGuard.</summary>
    public string? Server { get; init; }

    /// <summary>
    /// The active probe, or null. Like <see cref="HandshakeMaxAge"/> it only tells the daemon how to
    /// judge the tunnel, so it is left out of <see cref="SpecHash"/>: changing it never rebuilds.
    /// </summary>
    public ProbeSettings? Probe { get; init; }

    /// <summary>This tunnel's limit on the latest handshake's age; null keeps the daemon's.</summary>
    public TimeSpan? HandshakeMaxAge { get; init; }

    /// <summary>
    /// Set when the tunnel keeps a forwarded port; the planner runs a port keeper for it. Not part
    /// of <see cref="SpecHash"/>: turning it on or off starts or stops the keeper only.
    /// </summary>
    public DesiredPortForward? PortForward { get; init; }

    /// <summary>
    /// Direct mode's kill switch; null for proxy exits. Not part of <see cref="SpecHash"/>: changing it
    /// replaces the firewall table, never the tunnel.
    /// </summary>
    public Direct.KillSwitchSettings? KillSwitch { get; init; }

    /// <summary>The active peer, wrapped into range so that a shorter peer list after an edit never fails.</summary>
    public WireGuardPeer ActiveWireGuardPeer => WireGuard.Peers[PeerIndex(ActivePeer)];

    /// <summary><paramref name="index"/> wrapped into the peer list, as the recovery ladder wraps it.</summary>
    public int PeerIndex(int index) => WireGuard.Peers.Count == 0 ? 0 : ((index % WireGuard.Peers.Count) + WireGuard.Peers.Count) % WireGuard.Peers.Count;

    /// <summary>Changes whenever anything that requires rebuilding the tunnel changes, keys included.</summary>
    public string SpecHash => SpecHashing.Of(
        "tunnel/v1", Provider, Mode.ToString(), Backend.ToString(),
        WireGuard.PrivateKey.Digest(),
        string.Join(',', WireGuard.Addresses), string.Join(',', WireGuard.Dns),
        WireGuard.Mtu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        string.Join(';', WireGuard.Peers.Select(p => string.Join('|',
            p.PublicKey, p.Endpoint ?? "", string.Join(',', p.AllowedIps),
            p.PresharedKey?.Digest() ?? "",
            p.PersistentKeepalive?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""))));
}
