using System.Globalization;

namespace Tunmux.Lab;

/// <summary>Names of everything the lab makes, all derived from the options' prefixes.</summary>
public static class LabNames
{
    public const int MaxInterfaceName = 15;

    /// <summary>Inside the internet namespace, the veth end that faces the host.</summary>
    public const string NetToHostLink = "tohost";

    /// <summary>Inside an exit namespace, the veth end that faces the internet namespace.</summary>
    public const string ExitUplink = "uplink";

    public const string ManifestFile = "lab.yaml";
    public const string StateFile = "state.json";
    public const string WhoamiLogFile = "whoami.log";

    public const string WhoamiLogFile6 = "whoami6.log";
    public const string DnsLogFile = "dnsmasq.log";

    public static string NetNamespace(LabOptions options) => options.NamespacePrefix + "net";

    public static string ExitNamespace(LabOptions options, int exit) => options.NamespacePrefix + "exit" + Number(exit);

    /// <summary>The one link the lab adds to the host.</summary>
    public static string HostLink(LabOptions options) => options.InterfacePrefix + "host";

    /// <summary>wireguard-go's control socket is global (/var/run/wireguard), so the name carries the prefix.</summary>
    public static string ServerInterface(LabOptions options, int exit) => options.InterfacePrefix + "s" + Number(exit);

    /// <summary>Inside the internet namespace, the veth end that faces exit <paramref name="exit"/>.</summary>
    public static string NetToExitLink(int exit) => "exit" + Number(exit);

    public static string TunnelName(int exit) => "lab-" + Number(exit);

    public static string ConfigFile(LabOptions options, int exit) => Path.Combine(options.Directory, $"exit-{Number(exit)}.conf");

    /// <summary>The same exit's client config with IPv6 (see LabWireGuard.DualStackClientConfig).</summary>
    public static string DualStackConfigFile(LabOptions options, int exit) => Path.Combine(options.Directory, $"exit-{Number(exit)}-dual.conf");

    public static string WireGuardSocket(string interfaceName) => $"/var/run/wireguard/{interfaceName}.sock";

    public static string LongestInterfaceName(LabOptions options) =>
        new[] { HostLink(options), ServerInterface(options, Math.Max(1, options.Exits)) }.MaxBy(n => n.Length)!;

    /// <summary>True for a namespace name that a lab with this prefix makes (used to sweep a lab whose state file was lost).</summary>
    public static bool IsLabNamespace(LabOptions options, string name)
    {
        if (name == NetNamespace(options))
        {
            return true;
        }

        var exitPrefix = options.NamespacePrefix + "exit";
        return name.StartsWith(exitPrefix, StringComparison.Ordinal)
            && name.Length > exitPrefix.Length
            && name[exitPrefix.Length..].All(char.IsAsciiDigit);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
