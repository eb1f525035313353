using System.Globalization;
using Tunmux.Linux.Commands;

namespace Tunmux.Lab;

/// <summary>
/// The commands that build and remove the lab, as data. "Host" commands run in the caller's
/// namespace or, when the options name one, in <see cref="LabOptions.HostNamespace"/>.
/// </summary>
public static class LabCommands
{
    public const string NatTable = "tunmux_lab";

    public static HostCommand AddNamespace(string name) => HostCommand.Of("ip", "netns", "add", name);

    public static HostCommand DeleteNamespace(string name) => HostCommand.Of("ip", "netns", "del", name);

    public static HostCommand ListNamespaces() => HostCommand.Of("ip", "netns", "list");

    /// <summary>Routing between the lab's links is done by the lab namespaces only, never by the host.</summary>
    public static HostCommand EnableForwarding(string ns) =>
        HostCommand.Of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");

    /// <summary>The internet namespace: loopback with the service address, forwarding on.</summary>
    public static IReadOnlyList<HostCommand> PrepareNet(LabOptions options)
    {
        var net = LabNames.NetNamespace(options);
        return
        [
            In(net, "link", "set", "lo", "up"),
            In(net, "addr", "add", LabAddresses.ServicePrefix, "dev", "lo"),
            In(net, "addr", "add", LabAddresses.ServicePrefix6, "dev", "lo"),
            EnableForwarding(net),
        ];
    }

    /// <summary>The one veth pair between the host and the internet namespace.</summary>
    public static HostCommand AddHostLink(LabOptions options) =>
        Host(options, "link", "add", LabNames.HostLink(options), "type", "veth",
            "peer", "name", LabNames.NetToHostLink, "netns", LabNames.NetNamespace(options));

    public static IReadOnlyList<HostCommand> ConfigureHostLink(LabOptions options)
    {
        var net = LabNames.NetNamespace(options);
        var hostLink = LabNames.HostLink(options);
        return
        [
            Host(options, "addr", "add", LabAddresses.HostSide, "dev", hostLink),
            Host(options, "addr", "add", LabAddresses.HostSide6, "dev", hostLink, "nodad"),
            Host(options, "link", "set", hostLink, "up"),
            In(net, "addr", "add", LabAddresses.NetSideOfHost, "dev", LabNames.NetToHostLink),
            In(net, "addr", "add", LabAddresses.NetSideOfHost6, "dev", LabNames.NetToHostLink, "nodad"),
            In(net, "link", "set", LabNames.NetToHostLink, "up"),
        ];
    }

    /// <summary>
    /// The one route the lab adds to the host: its own addresses, through its own link. "add",
    /// not "replace": a route someone else made for this range is reported, never overwritten.
    /// </summary>
    public static HostCommand AddHostRoute(LabOptions options) =>
        Host(options, "route", "add", LabAddresses.LabRange, "via", LabAddresses.HostGateway, "dev", LabNames.HostLink(options));

    /// <summary>The IPv6 twin of <see cref="AddHostRoute"/>.</summary>
    public static HostCommand AddHostRoute6(LabOptions options) =>
        Host(options, "-6", "route", "add", LabAddresses.LabRange6, "via", LabAddresses.HostGateway6, "dev", LabNames.HostLink(options));

    public static HostCommand DeleteHostRoute(string? hostNamespace, string destination, string via, string device) =>
        Host(hostNamespace, "route", "del", destination, "via", via, "dev", device);

    public static HostCommand DeleteHostLink(string? hostNamespace, string link) => Host(hostNamespace, "link", "del", link);

    public static HostCommand ShowHostLink(string? hostNamespace, string link) => Host(hostNamespace, "link", "show", link);

    public static HostCommand NamespacePids(string ns) => HostCommand.Of("ip", "netns", "pids", ns);

    /// <summary>Only for processes found inside a lab namespace that no state file recorded.</summary>
    public static HostCommand Kill(int pid) => HostCommand.Of("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Exit <paramref name="exit"/>'s namespace, its link to the internet namespace, routing and NAT.</summary>
    public static IReadOnlyList<HostCommand> BuildExitNetwork(LabOptions options, int exit)
    {
        var net = LabNames.NetNamespace(options);
        var ns = LabNames.ExitNamespace(options, exit);
        var netLink = LabNames.NetToExitLink(exit);
        return
        [
            In(ns, "link", "set", "lo", "up"),
            EnableForwarding(ns),
            In(net, "link", "add", netLink, "type", "veth", "peer", "name", LabNames.ExitUplink, "netns", ns),
            In(net, "addr", "add", LabAddresses.ExitGatewayPrefix(exit), "dev", netLink),
            In(net, "link", "set", netLink, "up"),
            In(net, "addr", "add", LabAddresses.ExitGatewayPrefix6(exit), "dev", netLink, "nodad"),
            In(ns, "addr", "add", LabAddresses.ExitPublicPrefix(exit), "dev", LabNames.ExitUplink),
            In(ns, "addr", "add", LabAddresses.ExitPublicPrefix6(exit), "dev", LabNames.ExitUplink, "nodad"),
            In(ns, "link", "set", LabNames.ExitUplink, "up"),
            In(ns, "route", "add", "default", "via", LabAddresses.ExitGateway(exit)),
            In(ns, "-6", "route", "add", "default", "via", LabAddresses.ExitGateway6(exit)),
            new HostCommand(["ip", "netns", "exec", ns, "nft", "-f", "-"], NatRuleset(LabNames.ExitUplink)),
        ];
    }

    /// <summary>
    /// Masquerade everything (IPv4 and IPv6) leaving the exit towards the internet namespace, so
    /// tunnel traffic arrives from the exit's public address. Declaring, deleting and re-declaring the table in
    /// one batch makes loading it twice harmless.
    /// </summary>
    public static string NatRuleset(string uplink) =>
        $$"""
        table inet {{NatTable}} {}
        delete table inet {{NatTable}}
        table inet {{NatTable}} {
            chain post {
                type nat hook postrouting priority 100; policy accept;
                oifname "{{uplink}}" masquerade
            }
        }

        """;

    public static HostCommand GenerateKey() => HostCommand.Of("wg", "genkey");

    /// <summary>The private key goes in on standard input, never in argv.</summary>
    public static HostCommand PublicKeyOf(string privateKey) => new(["wg", "pubkey"], privateKey + "\n", InputIsSecret: true);

    public static IReadOnlyList<string> WireGuardServerArgv(LabOptions options, int exit) =>
        ["wireguard-go", "-f", LabNames.ServerInterface(options, exit)];

    public static HostCommand ShowServerInterface(LabOptions options, int exit) =>
        In(LabNames.ExitNamespace(options, exit), "link", "show", LabNames.ServerInterface(options, exit));

    /// <summary>Keys and peer in wg(8) format, through secret standard input.</summary>
    public static HostCommand SetServerConfig(LabOptions options, int exit, string wgConfig) =>
        new(["ip", "netns", "exec", LabNames.ExitNamespace(options, exit), "wg", "setconf", LabNames.ServerInterface(options, exit), "/dev/stdin"],
            wgConfig, InputIsSecret: true);

    public static IReadOnlyList<HostCommand> RaiseServerInterface(LabOptions options, int exit)
    {
        var ns = LabNames.ExitNamespace(options, exit);
        var iface = LabNames.ServerInterface(options, exit);
        return
        [
            In(ns, "addr", "add", LabAddresses.TunnelServerPrefix(exit), "dev", iface),
            In(ns, "addr", "add", LabAddresses.TunnelServerPrefix6(exit), "dev", iface, "nodad"),
            In(ns, "link", "set", iface, "up"),
        ];
    }

    /// <summary>dnsmasq answering lab names only, logging every query with the address that asked.</summary>
    public static IReadOnlyList<string> DnsServerArgv(LabOptions options)
    {
        var argv = new List<string>
        {
            "dnsmasq",
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            "--listen-address=" + LabAddresses.ServiceAddress,
            "--port=" + LabAddresses.DnsPort.ToString(CultureInfo.InvariantCulture),
            "--local=/lab/",
            "--address=/whoami.lab/" + LabAddresses.ServiceAddress,
            "--address=/dns.lab/" + LabAddresses.ServiceAddress,
        };
        for (var exit = 1; exit <= options.Exits; exit++)
        {
            argv.Add($"--address=/exit{exit.ToString(CultureInfo.InvariantCulture)}.lab/{LabAddresses.ExitPublicAddress(exit)}");
        }

        argv.Add("--log-queries");
        argv.Add("--log-facility=" + Path.Combine(options.Directory, LabNames.DnsLogFile));
        argv.Add("--pid-file=" + Path.Combine(options.Directory, "dnsmasq.pid"));
        return argv;
    }

    public static IReadOnlyList<string> WhoamiServerArgv(LabOptions options) =>
    [
        .. options.SelfCommand,
        "lab", "whoami",
        "--listen", $"{LabAddresses.ServiceAddress}:{LabAddresses.WhoamiPort.ToString(CultureInfo.InvariantCulture)}",
        "--log", Path.Combine(options.Directory, LabNames.WhoamiLogFile),
    ];

    /// <summary>A second whoami on the IPv6 service address, with a log of its own.</summary>
    public static IReadOnlyList<string> WhoamiServerArgv6(LabOptions options) =>
    [
        .. options.SelfCommand,
        "lab", "whoami",
        "--listen", $"[{LabAddresses.ServiceAddress6}]:{LabAddresses.WhoamiPort.ToString(CultureInfo.InvariantCulture)}",
        "--log", Path.Combine(options.Directory, LabNames.WhoamiLogFile6),
    ];

    /// <summary>Lists listening sockets on a port inside a namespace; empty output means nobody listens yet.</summary>
    public static HostCommand ListListeners(string ns, bool udp, int port) =>
        HostCommand.Of("ip", "netns", "exec", ns, "ss", "-H", udp ? "-lun" : "-ltn", "sport", "=", ":" + port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Listening TCP sockets on exactly <paramref name="address"/>:<paramref name="port"/> inside a namespace.</summary>
    public static HostCommand ListListenersAt(string ns, string address, int port) =>
        HostCommand.Of("ip", "netns", "exec", ns, "ss", "-H", "-ltn", "src", $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}");

    private static HostCommand In(string ns, params string[] ipArgs) => new(["ip", "-n", ns, .. ipArgs]);

    private static HostCommand Host(LabOptions options, params string[] ipArgs) => Host(options.HostNamespace, ipArgs);

    private static HostCommand Host(string? hostNamespace, params string[] ipArgs) =>
        hostNamespace is { } host ? new HostCommand(["ip", "-n", host, .. ipArgs]) : new HostCommand(["ip", .. ipArgs]);
}
