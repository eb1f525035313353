using System.Net;

namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// Everything the kill-switch ruleset depends on, fixed for one pass. <see cref="Tunnel"/> is null
/// when no direct tunnel is declared (lockdown), which leaves only the always-allowed local traffic.
/// </summary>
public sealed record FirewallInput(
    KillSwitchSettings Settings,
    DirectTunnelFirewall? Tunnel,
    IReadOnlyList<IPEndPoint> ProxyExitEndpoints)
{
    public static FirewallInput Lockdown(KillSwitchSettings settings, IReadOnlyList<IPEndPoint> proxyExitEndpoints) =>
        new(settings, null, proxyExitEndpoints);
}

/// <summary>The direct tunnel's part of the ruleset.</summary>
/// <param name="Interface">The WireGuard interface that carries the host's traffic.</param>
/// <param name="Endpoints">Every peer's UDP endpoint (failover candidates included), resolved to addresses.</param>
/// <param name="Dns">The tunnel's DNS servers: the only ones port 53 may reach, and only through the tunnel.</param>
/// <param name="Addresses">The interface's own addresses (no packet for them may arrive from elsewhere).</param>
/// <param name="Ipv6">Whether the tunnel carries IPv6; without it IPv6 stays blocked.</param>
public sealed record DirectTunnelFirewall(
    string Interface,
    IReadOnlyList<IPEndPoint> Endpoints,
    IReadOnlyList<IPAddress> Dns,
    IReadOnlyList<IPAddress> Addresses,
    bool Ipv6);
