namespace Tunmux.Linux;

/// <summary>The host locations the driver reads and writes directly (everything else goes through commands).</summary>
internal sealed record HostPaths(string NetnsDir, string EtcNetnsDir, string WireGuardSocketDir, string KernelModuleDir)
{
    public static HostPaths System { get; } = new("/run/netns", "/etc/netns", "/var/run/wireguard", "/sys/module/wireguard");

    public string NamespaceFile(string ns) => Path.Combine(NetnsDir, ns);

    public string EtcNetns(string ns) => Path.Combine(EtcNetnsDir, ns);

    public string WireGuardSocket(string iface) => Path.Combine(WireGuardSocketDir, iface + ".sock");

    public bool NamespaceExists(string ns) => File.Exists(NamespaceFile(ns));
}
