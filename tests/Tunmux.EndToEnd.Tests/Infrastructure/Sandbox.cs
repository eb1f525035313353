using System.Security.Cryptography;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A network namespace that plays "the host" for one test, plus names that no other test
/// run uses: every namespace, interface and wireguard socket the test makes starts with
/// <see cref="Id"/>-derived prefixes. Disposing removes exactly those, by name and PID.
/// Nothing is ever added to the machine's own namespace.
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    private Sandbox(string id)
    {
        Id = id;
        Name = $"tmxsb{id}";
        NamespacePrefix = $"tmx{id}_";
        LabPrefix = $"tml{id}_";
        InterfacePrefix = $"w{id}";
        StateDir = Path.Combine(Path.GetTempPath(), $"tunmux-e2e-{id}");
    }

    /// <summary>Four hex digits, unique per sandbox.</summary>
    public string Id { get; }

    /// <summary>The sandbox namespace itself.</summary>
    public string Name { get; }

    public string NamespacePrefix { get; }

    public string LabPrefix { get; }

    /// <summary>Short, because interface names have 15 bytes in all.</summary>
    public string InterfacePrefix { get; }

    /// <summary>The lab's WireGuard server interfaces; also global through /var/run/wireguard.</summary>
    public string LabInterfacePrefix => $"l{Id}";

    public string StateDir { get; }

    public string RunDir => Path.Combine(StateDir, "run");

    /// <summary>The environment that points tunmux at this sandbox's names and folders.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TUNMUX_STATE_DIR"] = StateDir,
        ["TUNMUX_RUN_DIR"] = RunDir,
        ["TUNMUX_NETNS_PREFIX"] = NamespacePrefix,
        ["TUNMUX_IF_PREFIX"] = InterfacePrefix,
        ["TUNMUX_LAB_PREFIX"] = LabPrefix,
        ["TUNMUX_LAB_IF_PREFIX"] = LabInterfacePrefix,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["TUNMUX_SOCKET"] = System.IO.Path.Combine(StateDir, "ctl.sock"),
    };

    /// <summary>
    /// Claims a fresh id by creating its namespace (which fails when the name exists, so the claim is
    /// atomic across test classes and across other test runs on the machine); four hex digits do
    /// collide now and then, so a taken id is given up for another. Only then is its folder made.
    /// </summary>
    public static async Task<Sandbox> CreateAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var sandbox = new Sandbox(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)));
            var add = await Run.ProgramAsync(["ip", "netns", "add", sandbox.Name]);
            if (add.ExitCode != 0 && add.Stderr.Contains("File exists", StringComparison.Ordinal) && attempt < 10)
            {
                continue;
            }

            add.EnsureSuccess("ip netns add");
            Directory.CreateDirectory(sandbox.StateDir);
            (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "link", "set", "lo", "up"])).EnsureSuccess("lo up");
            return sandbox;
        }
    }

    /// <summary>The test's private /etc, once <see cref="UsePrivateEtcAsync"/> ran; null before.</summary>
    public PrivateEtc? PrivateEtc { get; private set; }

    /// <summary>
    /// From now on every program this sandbox runs (ExecAsync, TunmuxAsync, the daemon) runs in a
    /// mount namespace with a private /etc whose /etc/resolv.conf is a bind-mounted file holding
    /// <paramref name="resolvConf"/>: for tests of code that rewrites files the machine shares.
    /// </summary>
    public async Task<PrivateEtc> UsePrivateEtcAsync(string resolvConf)
    {
        PrivateEtc ??= await PrivateEtc.StartAsync(Path.Combine(StateDir, "private-etc"), resolvConf);
        return PrivateEtc;
    }

    /// <summary>nsenter's arguments that enter the sandbox (and the private /etc when there is one).</summary>
    public IReadOnlyList<string> Enter() =>
        PrivateEtc is { } etc
            ? ["nsenter", $"--mount={etc.NamespacePath}", $"--net=/run/netns/{Name}", "--"]
            : ["nsenter", $"--net=/run/netns/{Name}", "--"];

    /// <summary>Runs a program inside the sandbox namespace.</summary>
    public Task<Run.Result> ExecAsync(IReadOnlyList<string> argv, string? stdin = null, TimeSpan? timeout = null) =>
        PrivateEtc is null
            ? Run.ProgramAsync(["ip", "netns", "exec", Name, .. argv], Environment, stdin, timeout)
            : Run.ProgramAsync([.. Enter(), .. argv], Environment, stdin, timeout);

    /// <summary>
    /// Runs the tunmux binary with the sandbox as its network namespace. nsenter, not
    /// `ip netns exec`: the latter gives the program a private mount namespace, so the
    /// /run/netns entries tunmux creates would vanish with it and later runs could not
    /// find them.
    /// </summary>
    public Task<Run.Result> TunmuxAsync(params string[] args) => TunmuxWithAsync(new Dictionary<string, string>(), null, args);

    /// <summary>As <see cref="TunmuxAsync"/>, with more environment (a config folder, provider API addresses) and standard input.</summary>
    public Task<Run.Result> TunmuxWithAsync(IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        return Run.ProgramAsync([.. Enter(), TunmuxBinary.Path, .. args], merged, stdin, TimeSpan.FromMinutes(3));
    }

    /// <summary>Namespaces that exist now and were made by this sandbox (tunnels and lab).</summary>
    public async Task<IReadOnlyList<string>> OwnNamespacesAsync()
    {
        var list = await Run.ProgramAsync(["ip", "netns", "list"]);
        return list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(NamespacePrefix, StringComparison.Ordinal) || name.StartsWith(LabPrefix, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>WireGuard control sockets this sandbox's interfaces left behind.</summary>
    public IReadOnlyList<string> OwnWireGuardSockets() =>
        Directory.Exists("/var/run/wireguard")
            ? Directory.GetFiles("/var/run/wireguard", InterfacePrefix + "*.sock")
                .Concat(Directory.GetFiles("/var/run/wireguard", LabInterfacePrefix + "*.sock")).ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        // The code under test should have cleaned up; this is the safety net, by name and PID only.
        foreach (var ns in (await OwnNamespacesAsync()).Append(Name))
        {
            await KillProcessesInAsync(ns);
            await Run.ProgramAsync(["ip", "netns", "del", ns]);
            var etc = Path.Combine("/etc/netns", ns);
            if (Directory.Exists(etc))
            {
                Directory.Delete(etc, recursive: true);
            }
        }

        if (PrivateEtc is { } privateEtc)
        {
            await privateEtc.DisposeAsync();
        }

        foreach (var socket in OwnWireGuardSockets())
        {
            File.Delete(socket);
        }

        // A process killed just above may still be ending and writing its last lines in there, and a
        // folder that gains a file while it is emptied cannot be removed: try again until it can.
        await Eventually.ThatAsync(() => Task.FromResult(TryDelete(StateDir)), TimeSpan.FromSeconds(30), $"{StateDir} to be removed");
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task KillProcessesInAsync(string ns)
    {
        var pids = await Run.ProgramAsync(["ip", "netns", "pids", ns]);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Run.ProgramAsync(["kill", "-9", pid.Trim()]);
        }
    }
}
