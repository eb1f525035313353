using Tunmux.Core.Model;

namespace Tunmux.Runtime.Reports;

/// <summary>
/// The public facts of a resolved tunnel that describe shows: addresses, DNS, limits and peers by
/// their public keys. Built from the desired tunnel, which holds keys; this holds none.
/// </summary>
public sealed record TunnelDetails(
    string Name,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Dns,
    int? Mtu,
    TimeSpan? HandshakeMaxAge,
    ProbeDetails? Probe,
    IReadOnlyList<PeerDetails> Peers)
{
    public static TunnelDetails Of(DesiredTunnel tunnel) => new(
        tunnel.Name,
        tunnel.WireGuard.Addresses,
        tunnel.WireGuard.Dns,
        tunnel.WireGuard.Mtu,
        tunnel.HandshakeMaxAge,
        tunnel.Probe is { } probe ? new ProbeDetails(probe.Target.Description, probe.Interval, probe.Timeout, probe.FailureThreshold) : null,
        tunnel.WireGuard.Peers.Select(p => new PeerDetails(p.PublicKey, p.Endpoint, p.AllowedIps, p.PersistentKeepalive, p.PresharedKey is not null)).ToList());
}

public sealed record ProbeDetails(string Target, TimeSpan Interval, TimeSpan Timeout, int FailureThreshold);

/// <param name="HasPresharedKey">Whether a preshared key is set; the key itself never leaves.</param>
public sealed record PeerDetails(string PublicKey, string? Endpoint, IReadOnlyList<string> AllowedIps, int? PersistentKeepalive, bool HasPresharedKey);
