using Tunmux.Core.Model;

namespace Tunmux.Runtime.Settings;

/// <summary>
/// Where tunmux keeps things and how it names what it makes. Everything can be moved by
/// environment variables so that parallel test runs and packaged installs never collide.
/// </summary>
public sealed record TunmuxPaths(string StateDir, string RunDir, HostNaming Naming, string LabPrefix)
{
    public const string DefaultStateDir = "/var/lib/tunmux";
    public const string DefaultRunDir = "/run/tunmux";
    public const string DefaultLabPrefix = "tmuxlab_";

    public string DeclaredStateFile => Path.Combine(StateDir, "declared.yaml");

    public string TunnelRecordsDir => Path.Combine(StateDir, "records", "tunnels");

    public string ProxyRecordsDir => Path.Combine(StateDir, "records", "proxies");

    /// <summary>The daemon's conditions, events and generation per tunnel, kept across its restarts.</summary>
    public string TunnelStatusDir => Path.Combine(StateDir, "status", "tunnels");

    /// <summary>The same per proxy.</summary>
    public string ProxyStatusDir => Path.Combine(StateDir, "status", "proxies");

    public string PortForwardRecordsDir => Path.Combine(StateDir, "records", "portforwards");

    public string LockFile => Path.Combine(StateDir, "lock");

    /// <summary>Held by a daemon for its whole life (see <see cref="State.DaemonLock"/>): one daemon per state directory.</summary>
    public string DaemonLockFile => Path.Combine(StateDir, "daemon.lock");

    public string LabDir => Path.Combine(StateDir, "lab");

    /// <summary>Where a helper started through `sudo -b` writes its log (it has no terminal, and the command that started it is gone).</summary>
    public string HelperLogFile => Path.Combine(StateDir, "helper.log");

    /// <summary>Reads TUNMUX_STATE_DIR, TUNMUX_RUN_DIR, TUNMUX_NETNS_PREFIX, TUNMUX_IF_PREFIX and TUNMUX_LAB_PREFIX; a flag wins over them.</summary>
    public static TunmuxPaths FromEnvironment(string? stateDirOverride = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string Pick(string variable, string fallback) =>
            environment(variable) is { Length: > 0 } value ? value : fallback;

        return new TunmuxPaths(
            Path.GetFullPath(stateDirOverride ?? Pick("TUNMUX_STATE_DIR", DefaultStateDir)),
            Path.GetFullPath(Pick("TUNMUX_RUN_DIR", DefaultRunDir)),
            new HostNaming(
                Pick("TUNMUX_NETNS_PREFIX", HostNaming.DefaultNamespacePrefix),
                Pick("TUNMUX_IF_PREFIX", HostNaming.DefaultInterfacePrefix)),
            Pick("TUNMUX_LAB_PREFIX", DefaultLabPrefix));
    }
}
