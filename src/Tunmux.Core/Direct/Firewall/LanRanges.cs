namespace Tunmux.Core.Direct.Firewall;

/// <summary>What <c>allowLan</c> opens: private, link-local and local-scope multicast ranges (as Mullvad does).</summary>
public static class LanRanges
{
    public static IReadOnlyList<string> Ipv4 { get; } =
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "224.0.0.0/24", "239.255.255.250", "255.255.255.255"];

    /// <summary>Link-local, unique-local, and multicast of interface, link, realm, admin, site and organisation scope.</summary>
    public static IReadOnlyList<string> Ipv6 { get; } =
        ["fe80::/10", "fc00::/7", "ff01::/16", "ff02::/16", "ff03::/16", "ff04::/16", "ff05::/16", "ff08::/16"];
}
