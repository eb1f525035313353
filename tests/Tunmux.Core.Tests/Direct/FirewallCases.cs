using System.Net;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Firewall;

namespace Tunmux.Core.Tests.Direct;

/// <summary>The firewall inputs the golden files are made from, one per option.</summary>
internal static class FirewallCases
{
    public static readonly DirectTunnelFirewall V4Tunnel = new(
        "wg-home",
        [IPEndPoint.Parse("198.51.100.7:51820")],
        [IPAddress.Parse("10.64.0.1")],
        [IPAddress.Parse("10.66.0.2")],
        Ipv6: false);

    public static readonly DirectTunnelFirewall DualStackTunnel = new(
        "wg-home",
        [IPEndPoint.Parse("198.51.100.7:51820"), IPEndPoint.Parse("[2001:db8::7]:51820")],
        [IPAddress.Parse("10.64.0.1"), IPAddress.Parse("fd00::1")],
        [IPAddress.Parse("10.66.0.2"), IPAddress.Parse("fd00::2")],
        Ipv6: true);

    public static readonly IReadOnlyList<IPEndPoint> ProxyExits = [IPEndPoint.Parse("203.0.113.9:1637"), IPEndPoint.Parse("203.0.113.10:51820")];

    public static TheoryData<string> Names() => new(All.Keys.Order(StringComparer.Ordinal));

    public static readonly IReadOnlyDictionary<string, FirewallInput> All = new Dictionary<string, FirewallInput>
    {
        ["ipv4-tunnel"] = new(KillSwitchSettings.Default, V4Tunnel, []),
        ["dual-stack-tunnel"] = new(KillSwitchSettings.Default, DualStackTunnel, []),
        ["allow-lan"] = new(KillSwitchSettings.Default with { AllowLan = true }, V4Tunnel, []),
        ["proxy-exits-beside"] = new(KillSwitchSettings.Default, V4Tunnel, ProxyExits),
        ["lockdown-nothing-declared"] = FirewallInput.Lockdown(KillSwitchSettings.Default with { Lockdown = true }, []),
        ["lockdown-allow-lan-proxy-exits"] = FirewallInput.Lockdown(new KillSwitchSettings(true, true, true), ProxyExits),
        ["disabled"] = new(KillSwitchSettings.Default with { Enabled = false }, V4Tunnel, []),
        ["nothing-declared"] = FirewallInput.Lockdown(KillSwitchSettings.Default, []),
    };
}
