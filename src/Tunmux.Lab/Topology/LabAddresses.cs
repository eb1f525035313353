using System.Globalization;

namespace Tunmux.Lab;

/// <summary>
/// The lab's address plan. Everything "public" lives in 198.18.0.0/15 (RFC 2544, reserved
/// for benchmarking, so it can never clash with a real network), and the host reaches all
/// of it through one route. Tunnels use 10.66.i.0/24 inside each exit.
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

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
