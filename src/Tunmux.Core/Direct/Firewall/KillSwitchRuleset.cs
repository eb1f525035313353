using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// Builds the kill-switch table from its inputs. Every chain ends in a reject and has policy drop,
/// so anything a rule does not name stays inside the host. The order in the output chain is the
/// contract: loopback; tunmux's own marked WireGuard UDP; DNS only to the tunnel's servers through
/// the tunnel, then every other port 53 rejected (before any LAN allowance, so a LAN resolver never
/// sees a query); the tunnel; DHCP and neighbour discovery; the LAN when asked; reject.
/// </summary>
public static partial class KillSwitchRuleset
{
    private const string Reject = "reject with icmpx admin-prohibited";
    private const string DnsPorts = "meta l4proto { tcp, udp } th dport 53";

    public static NftRuleset Build(FirewallInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.Settings.Enabled || (input.Tunnel is null && !input.Settings.Lockdown))
        {
            return NftRuleset.None;
        }

        if (input.Tunnel is { } tunnel && !InterfaceName().IsMatch(tunnel.Interface))
        {
            throw new ArgumentException($"\"{tunnel.Interface}\" is not an interface name", nameof(input));
        }

        var chains = new List<NftChain>();
        if (input.Tunnel is { } withTunnel)
        {
            chains.Add(new NftChain("prerouting", "prerouting", -300, NftPolicy.Accept, AntiSpoofing(withTunnel)));
            chains.Add(new NftChain("mark-restore", "prerouting", -150, NftPolicy.Accept,
                [new NftRule("mark-restore", $"meta l4proto udp ct mark {DirectMarks.MarkText} meta mark set ct mark")]));
            chains.Add(new NftChain("mark-save", "postrouting", -150, NftPolicy.Accept,
                [new NftRule("mark-save", $"meta l4proto udp meta mark {DirectMarks.MarkText} ct mark set meta mark")]));
        }

        chains.Add(new NftChain("input", "input", 0, NftPolicy.Drop, Input(input)));
        chains.Add(new NftChain("output", "output", 0, NftPolicy.Drop, Output(input)));
        chains.Add(new NftChain("forward", "forward", 0, NftPolicy.Drop, Forward(input)));
        return new NftRuleset(chains);
    }

    private static List<NftRule> Output(FirewallInput input)
    {
        var rules = new List<NftRule> { new("loopback", "oifname \"lo\" accept") };
        rules.AddRange(Endpoints(input, "daddr", "dport", requireMark: true));
        if (input.Tunnel is { } tunnel)
        {
            rules.AddRange(TunnelDns(tunnel));
        }

        rules.Add(new NftRule("dns-block", $"{DnsPorts} reject"));
        if (input.Tunnel is { } through)
        {
            rules.Add(new NftRule("tunnel", $"{OnlyV4Unless(through)}oifname \"{through.Interface}\" accept"));
        }

        rules.Add(new NftRule("dhcp4", "meta nfproto ipv4 udp sport 68 udp dport 67 accept"));
        rules.Add(new NftRule("dhcp6", "ip6 saddr fe80::/10 udp sport 546 udp dport 547 accept"));
        // Hop limit 255 is what neighbour discovery requires; such packets never cross a router.
        rules.Add(new NftRule("ndp", "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept"));
        rules.AddRange(Lan(input, "daddr"));
        rules.Add(new NftRule("block", Reject));
        return rules;
    }

    private static List<NftRule> Input(FirewallInput input)
    {
        var rules = new List<NftRule> { new("loopback", "iifname \"lo\" accept") };
        if (input.Tunnel is { } tunnel)
        {
            rules.Add(new NftRule("tunnel", $"{OnlyV4Unless(tunnel)}iifname \"{tunnel.Interface}\" accept"));
        }

        rules.AddRange(Endpoints(input, "saddr", "sport", requireMark: false));
        rules.Add(new NftRule("dhcp4", "meta nfproto ipv4 udp sport 67 udp dport 68 accept"));
        rules.Add(new NftRule("dhcp6", "ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept"));
        rules.Add(new NftRule("ndp", "icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, nd-redirect } ip6 hoplimit 255 accept"));
        rules.AddRange(Lan(input, "saddr"));
        rules.Add(new NftRule("block", "drop"));
        return rules;
    }

    /// <summary>Containers and VMs behind the host: the same tunnel-only rules for what they route through it.</summary>
    private static List<NftRule> Forward(FirewallInput input)
    {
        var rules = new List<NftRule>();
        if (input.Tunnel is { } tunnel)
        {
            rules.AddRange(TunnelDns(tunnel));
        }

        rules.Add(new NftRule("dns-block", $"{DnsPorts} reject"));
        if (input.Tunnel is { } through)
        {
            rules.Add(new NftRule("tunnel-out", $"{OnlyV4Unless(through)}oifname \"{through.Interface}\" accept"));
            rules.Add(new NftRule("tunnel-in", $"iifname \"{through.Interface}\" ct state established,related accept"));
        }

        rules.AddRange(Lan(input, "daddr"));
        rules.Add(new NftRule("block", Reject));
        return rules;
    }

    /// <summary>Packets for the tunnel's own addresses arrive through the tunnel only (wg-quick's rule).</summary>
    private static List<NftRule> AntiSpoofing(DirectTunnelFirewall tunnel) =>
        tunnel.Addresses
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || tunnel.Ipv6)
            .Select((address, index) => new NftRule(
                $"anti-spoof-{index + 1}",
                $"iifname != \"{tunnel.Interface}\" {Ip(address)} daddr {address} fib saddr type != local drop"))
            .ToList();

    private static IEnumerable<NftRule> TunnelDns(DirectTunnelFirewall tunnel)
    {
        var v4 = tunnel.Dns.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        var v6 = tunnel.Ipv6 ? tunnel.Dns.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList() : [];
        if (v4.Count > 0)
        {
            yield return new NftRule("dns-tunnel4", $"oifname \"{tunnel.Interface}\" ip daddr {Set(v4)} {DnsPorts} accept");
        }

        if (v6.Count > 0)
        {
            yield return new NftRule("dns-tunnel6", $"oifname \"{tunnel.Interface}\" ip6 daddr {Set(v6)} {DnsPorts} accept");
        }
    }

    /// <summary>
    /// The direct tunnel's and the proxy exits' WireGuard UDP. Outgoing it must carry tunmux's mark,
    /// which only root can set, so no unprivileged process reaches an endpoint outside the tunnel.
    /// </summary>
    private static IEnumerable<NftRule> Endpoints(FirewallInput input, string addressField, string portField, bool requireMark)
    {
        var mark = requireMark ? $"meta mark {DirectMarks.MarkText} " : "";
        var direct = input.Tunnel?.Endpoints ?? [];
        foreach (var (endpoint, index) in direct.Distinct().Select((e, i) => (e, i)))
        {
            yield return new NftRule($"endpoint-{index + 1}", $"{mark}{Ip(endpoint.Address)} {addressField} {endpoint.Address} udp {portField} {endpoint.Port} accept");
        }

        foreach (var (endpoint, index) in input.ProxyExitEndpoints.Distinct().Except(direct).Select((e, i) => (e, i)))
        {
            yield return new NftRule($"proxy-exit-{index + 1}", $"{mark}{Ip(endpoint.Address)} {addressField} {endpoint.Address} udp {portField} {endpoint.Port} accept");
        }
    }

    private static IEnumerable<NftRule> Lan(FirewallInput input, string addressField)
    {
        if (!input.Settings.AllowLan)
        {
            yield break;
        }

        yield return new NftRule("lan4", $"ip {addressField} {{ {string.Join(", ", LanRanges.Ipv4)} }} accept");
        yield return new NftRule("lan6", $"ip6 {addressField} {{ {string.Join(", ", LanRanges.Ipv6)} }} accept");
    }

    /// <summary>A tunnel without IPv6 takes IPv4 only: its IPv6 is rejected with the rest, never leaked.</summary>
    private static string OnlyV4Unless(DirectTunnelFirewall tunnel) => tunnel.Ipv6 ? "" : "meta nfproto ipv4 ";

    private static string Ip(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    private static string Set(IEnumerable<IPAddress> addresses) => $"{{ {string.Join(", ", addresses)} }}";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,15}$")]
    private static partial Regex InterfaceName();
}
