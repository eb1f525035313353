using Tunmux.Core.Model;

namespace Tunmux.Api.Model;

/// <summary><c>kind: Tunnel</c>: one WireGuard exit.</summary>
public sealed record TunnelManifest : ManifestObject
{
    public const string KindName = "Tunnel";

    public override string Kind => KindName;

    public required TunnelSpec Spec { get; init; }
}

public sealed record TunnelSpec
{
    /// <summary>Who runs the server: "wireguard" (a plain config); later proton, airvpn, mullvad.</summary>
    public string Provider { get; init; } = "wireguard";

    public TunnelMode Mode { get; init; } = TunnelMode.Proxy;

    public BackendKind Backend { get; init; } = BackendKind.Auto;

    public WireGuardSpec? WireGuard { get; init; }

    /// <summary>Provider tunnels: which server (not for provider "wireguard").</summary>
    public ServerSelectorSpec? Server { get; init; }

    /// <summary>Provider tunnels: which login.</summary>
    public AccountSpec? Account { get; init; }

    /// <summary>
    /// Keep a NAT-PMP port mapping through the tunnel and show it in status: provider proton, or a
    /// plain WireGuard configuration of a Proton server downloaded with NAT-PMP turned on.
    /// </summary>
    public bool PortForwarding { get; init; }

    /// <summary>
    /// A program run (no shell) whenever the forwarded port changes, the first mapping included:
    /// an absolute path, then its arguments. Empty runs nothing.
    /// </summary>
    public IReadOnlyList<string> PortForwardingHook { get; init; } = [];

    /// <summary>Mullvad: replace the device key this often (e.g. 168h).</summary>
    public TimeSpan? KeyRotation { get; init; }

    /// <summary>How the daemon judges the tunnel's health; the defaults apply when left out.</summary>
    public TunnelHealthSpec? Health { get; init; }

    /// <summary>Direct mode: the kill switch; on (without LAN, without lockdown) when left out.</summary>
    public KillSwitchSpec? KillSwitch { get; init; }

    /// <summary>
    /// In a Kubernetes cluster: the node labels a node must carry to run this tunnel (all of them);
    /// empty means every node. A plain host ignores it.
    /// </summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// <c>spec.killSwitch</c> of a direct tunnel: while the tunnel is not up, nothing leaves the host
/// outside it, DNS included.
/// </summary>
public sealed record KillSwitchSpec
{
    /// <summary>Apply the block at all. Only <c>false</c> here (or deleting the tunnel) lifts it.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Let private, link-local and multicast ranges through beside the tunnel (never DNS).</summary>
    public bool AllowLan { get; init; }

    /// <summary>Keep the block even when the tunnel is deleted, and apply it at boot before the network.</summary>
    public bool Lockdown { get; init; }
}

/// <summary>
/// A plain WireGuard exit: either a wg-quick file (<see cref="ConfigFile"/>) or the fields inline.
/// Secrets are never inline: keys come from files.
/// Relative paths are relative to the manifest file's folder.
/// </summary>
public sealed record WireGuardSpec
{
    public string? ConfigFile { get; init; }

    public string? PrivateKeyFile { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    public IReadOnlyList<string> Dns { get; init; } = [];

    public int? Mtu { get; init; }

    public WireGuardPeerSpec? Peer { get; init; }

    /// <summary>
    /// Alternatives to <see cref="Peer"/>: servers to fail over between, in order. One is used at a
    /// time; the next takes over when the current one stops answering.
    /// </summary>
    public IReadOnlyList<WireGuardPeerSpec> Peers { get; init; } = [];

    /// <summary>The servers in failover order: <see cref="Peer"/> alone, or <see cref="Peers"/>.</summary>
    public IReadOnlyList<WireGuardPeerSpec> AllPeers => Peer is { } single ? [single, .. Peers] : Peers;
}

public sealed record WireGuardPeerSpec
{
    public string? PublicKey { get; init; }

    public string? Endpoint { get; init; }

    public IReadOnlyList<string> AllowedIPs { get; init; } = [];

    public string? PresharedKeyFile { get; init; }

    public int? PersistentKeepalive { get; init; }
}
