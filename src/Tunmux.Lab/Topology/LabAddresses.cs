using System.Globalization;

namespace Tunmux.Lab;

/// <summary>
/// The lab's address plan. Everything "public" lives in 198.18.0.0/15 (RFC 2544, reserved
/// for benchmarking, so it can never clash with a real network), and the host reaches all
/// of it through one route. Tunnels use 10.66.i.0/24 inside each exit. IPv6 mirrors the plan in
/// 2001:2::/48 (RFC 5180, IPv6's benchmarking range), so direct mode's IPv6 leak tests have a
/// real IPv6 path out of the host's uplink; inside the tunnels IPv6 is fd66:i::/64.
/// </summary>
public static class LabAddresses
{
    /// <summary>The one prefix the host routes into the lab.</summary>
    public const string LabRange = "198.18.0.0/15";

    public const string HostSide = "198.19.0.1/30";
    public const string HostAddress = "198.19.0.1";
    public const string NetSideOfHost = "198.19.0.2/30";

    /// <summary>The internet namespace's end of the host link: the host's gateway into the lab.</summary>
    public const string HostGateway = "198.19.0.2";

    /// <summary>DNS and whoami both answer here, on the internet namespace's loopback.</summary>
    public const string ServiceAddress = "198.19.255.1";
    public const string ServicePrefix = ServiceAddress + "/32";

    public const int WhoamiPort = 80;
    public const int DnsPort = 53;
    public const int WireGuardPort = 51820;

    public static string WhoamiUrl => $"http://{ServiceAddress}/";

    /// <summary>The internet namespace's end of exit <paramref name="exit"/>'s link, with prefix.</summary>
    public static string ExitGatewayPrefix(int exit) => $"198.18.{N(exit)}.1/30";

    public static string ExitGateway(int exit) => $"198.18.{N(exit)}.1";

    /// <summary>The exit's "public" address: what the internet sees for traffic through that exit.</summary>
    public static string ExitPublicAddress(int exit) => $"198.18.{N(exit)}.2";

    public static string ExitPublicPrefix(int exit) => $"198.18.{N(exit)}.2/30";

    public static string ExitEndpoint(int exit) => $"{ExitPublicAddress(exit)}:{N(WireGuardPort)}";

    /// <summary>The server's address inside the tunnel.</summary>
    public static string TunnelServerPrefix(int exit) => $"10.66.{N(exit)}.1/24";

    /// <summary>The client's address inside the tunnel.</summary>
    public static string TunnelClientPrefix(int exit) => $"10.66.{N(exit)}.2/32";

    /// <summary>The one IPv6 prefix the host routes into the lab.</summary>
    public const string LabRange6 = "2001:2::/48";

    public const string HostSide6 = "2001:2:0:ffff::1/64";
    public const string NetSideOfHost6 = "2001:2:0:ffff::2/64";
    public const string HostGateway6 = "2001:2:0:ffff::2";

    /// <summary>whoami answers here too (IPv6), on the internet namespace's loopback.</summary>
    public const string ServiceAddress6 = "2001:2:0:ff00::1";
    public const string ServicePrefix6 = ServiceAddress6 + "/128";

    public static string WhoamiUrl6 => $"http://[{ServiceAddress6}]/";

    public static string ExitGatewayPrefix6(int exit) => $"2001:2:0:{H(exit)}::1/64";

    public static string ExitGateway6(int exit) => $"2001:2:0:{H(exit)}::1";

    /// <summary>The exit's IPv6 "public" address: what the internet sees for IPv6 through that exit.</summary>
    public static string ExitPublicAddress6(int exit) => $"2001:2:0:{H(exit)}::2";

    public static string ExitPublicPrefix6(int exit) => $"2001:2:0:{H(exit)}::2/64";

    public static string TunnelServerPrefix6(int exit) => $"fd66:{H(exit)}::1/64";

    public static string TunnelClientPrefix6(int exit) => $"fd66:{H(exit)}::2/128";

    private static string H(int value) => value.ToString("x", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
