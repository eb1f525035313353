using Tunmux.Core.Model;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>
/// A temporary folder standing in for /run/netns, /etc/netns, /var/run/wireguard and
/// /sys/module, plus the run folder; removed on dispose.
/// </summary>
internal sealed class TestHost : IDisposable
{
    public TestHost()
    {
        Root = Directory.CreateTempSubdirectory("tunmux-linux-tests-").FullName;
        Paths = new HostPaths(
            Path.Combine(Root, "run-netns"),
            Path.Combine(Root, "etc-netns"),
            Path.Combine(Root, "wireguard"),
            Path.Combine(Root, "sys-module-wireguard"));
        Directory.CreateDirectory(Paths.NetnsDir);
        Directory.CreateDirectory(Paths.WireGuardSocketDir);
        WireGuardGo = Path.Combine(Root, "bin", "wireguard-go");
        Directory.CreateDirectory(Path.GetDirectoryName(WireGuardGo)!);
        File.WriteAllText(WireGuardGo, "#!/bin/sh\n");
        File.SetUnixFileMode(WireGuardGo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; }

    internal HostPaths Paths { get; }

    public string RunDir => Path.Combine(Root, "run-tunmux");

    public string WireGuardGo { get; }

    internal LinuxDriverOptions Options(string? hostNamespace = null) => new()
    {
        Naming = new HostNaming("tunmux_", "wg-"),
        RunDir = RunDir,
        SelfCommand = ["/usr/local/bin/tunmux"],
        WireGuardGoPath = WireGuardGo,
        ProxyReadyTimeout = TimeSpan.FromSeconds(2),
        PortKeeperReadyTimeout = TimeSpan.FromSeconds(2),
        WireGuardReadyTimeout = TimeSpan.FromSeconds(2),
        StopGrace = TimeSpan.FromSeconds(3),
        HostNamespace = hostNamespace,
        Paths = Paths,
    };

    /// <summary>Makes the kernel look as if it had the WireGuard module loaded.</summary>
    public void LoadKernelModule() => Directory.CreateDirectory(Paths.KernelModuleDir);

    public void AddNamespace(string name) => File.WriteAllText(Paths.NamespaceFile(name), "");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
