using Tunmux.Core.Model;

namespace Tunmux.Linux;

/// <summary>How <see cref="LinuxExitDriver"/> names things, where it keeps its run files and which programs it runs.</summary>
public sealed record LinuxDriverOptions
{
    public HostNaming Naming { get; init; } = new();

    /// <summary>
    /// Run-time files: proxy worker logs and ready files under proxies/, port keeper logs and
    /// state files under portforward/, wireguard-go logs under wireguard/.
    /// </summary>
    public string RunDir { get; init; } = "/run/tunmux";

    /// <summary>The argv prefix that runs tunmux itself, e.g. ["/usr/local/bin/tunmux"]; port keepers are started with it.</summary>
    public IReadOnlyList<string> SelfCommand { get; init; } = ["tunmux"];

    /// <summary>
    /// The argv prefix that starts a proxy worker, e.g. ["/usr/local/bin/tunmux-proxy-worker"] (the
    /// small executable); null runs <see cref="SelfCommand"/> with "proxy worker".
    /// </summary>
    public IReadOnlyList<string>? ProxyWorkerCommand { get; init; }

    /// <summary>What actually starts a proxy worker: <see cref="ProxyWorkerCommand"/> or tunmux's own "proxy worker".</summary>
    internal IReadOnlyList<string> ProxyWorkerArgv => ProxyWorkerCommand ?? [.. SelfCommand, "proxy", "worker"];

    /// <summary>
    /// The argv prefix that starts a port-forward keeper, e.g. ["/usr/local/bin/tunmux-port-keeper"]
    /// (the small executable); null runs <see cref="SelfCommand"/> with "port-forward worker".
    /// </summary>
    public IReadOnlyList<string>? PortKeeperCommand { get; init; }

    /// <summary>What actually starts a port keeper: <see cref="PortKeeperCommand"/> or tunmux's own "port-forward worker".</summary>
    internal IReadOnlyList<string> PortKeeperArgv => PortKeeperCommand ?? [.. SelfCommand, "port-forward", "worker"];

    public string WireGuardGoPath { get; init; } = "wireguard-go";

    /// <summary>How long a proxy worker may take to bind its listeners and write its ready file.</summary>
    public TimeSpan ProxyReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a port keeper may take to start and write its first state.</summary>
    public TimeSpan PortKeeperReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The NAT-PMP gateway port keepers ask, as IP:PORT, reached through the tunnel; null for
    /// Proton's (10.2.0.1:5351). Tests point it at a gateway of their own.
    /// </summary>
    public string? PortForwardGateway { get; init; }

    /// <summary>How long wireguard-go may take to create its interface and control socket.</summary>
    public TimeSpan WireGuardReadyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopped process gets after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The named namespace (under /run/netns) that plays "the host", or null for the namespace
    /// this process runs in. Tests and the lab use it so that nothing lands in the machine's
    /// own namespace while the driver runs in an ordinary test process.
    /// </summary>
    public string? HostNamespace { get; init; }

    /// <summary>
    /// Direct mode's state folder (its state names the interface it keeps in the host namespace,
    /// which the orphan sweep leaves alone); null when no direct mode shares this host.
    /// </summary>
    public string? DirectStateDir { get; init; }

    /// <summary>Where the host keeps namespaces, sockets and modules; unit tests point these at a temporary folder.</summary>
    internal HostPaths Paths { get; init; } = HostPaths.System;

    internal string ProxyDir => Path.Combine(RunDir, "proxies");

    internal string PortForwardDir => Path.Combine(RunDir, "portforward");

    internal string WireGuardLogDir => Path.Combine(RunDir, "wireguard");
}
