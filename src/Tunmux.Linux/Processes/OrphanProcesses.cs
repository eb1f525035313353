using Tunmux.Core.State;

namespace Tunmux.Linux.Processes;

/// <summary>
/// Finds processes tunmux started but no record names any more (the recording step was cut
/// short by a crash, or the record file was lost). Only exact ownership marks count: the
/// argv tunmux itself gave them, which carries our prefixed names and paths.
/// </summary>
public static class OrphanProcesses
{
    /// <summary>Live processes (not this one) whose argv <paramref name="matches"/> accepts.</summary>
    public static IReadOnlyList<ProcessRef> Find(Func<IReadOnlyList<string>, bool> matches, string procRoot = "/proc")
    {
        var found = new List<ProcessRef>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // exited while we looked
            }

            var argv = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (argv.Length > 0 && matches(argv) && ProcStat.Capture(pid) is { } process && ProcStat.IsAlive(process))
            {
                found.Add(process);
            }
        }

        return found;
    }

    /// <summary>A proxy worker is ours when its --ready-file is the one we would give it.</summary>
    public static bool IsWorkerFor(IReadOnlyList<string> argv, string readyFile) =>
        HasOption(argv, "--ready-file", readyFile) && (argv.Contains("worker") || IsWorkerExecutable(argv));

    /// <summary>
    /// The separate worker executable takes no "worker" verb: it is ours by its own name, native
    /// (<c>tunmux-proxy-worker</c>) or its assembly run by the dotnet host. The name is spelt here
    /// because Tunmux.ProxyWorker references this project, not the other way round.
    /// </summary>
    private static bool IsWorkerExecutable(IReadOnlyList<string> argv) =>
        argv.Take(2).Any(arg => Path.GetFileName(arg) is "tunmux-proxy-worker" or "tunmux-proxy-worker.dll");

    /// <summary>
    /// A port keeper is ours when its --state-file is the one we would give it, and it is tunmux's
    /// `port-forward worker` or the separate keeper executable (by its own name, native or its
    /// assembly run by the dotnet host).
    /// </summary>
    public static bool IsPortKeeperFor(IReadOnlyList<string> argv, string stateFile) =>
        HasOption(argv, "--state-file", stateFile)
        && (argv.Contains("port-forward") || argv.Take(2).Any(arg => Path.GetFileName(arg) is "tunmux-port-keeper" or "tunmux-port-keeper.dll"));

    private static bool HasOption(IReadOnlyList<string> argv, string option, string value)
    {
        for (var i = 0; i + 1 < argv.Count; i++)
        {
            if (argv[i] == option && argv[i + 1] == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A wireguard-go is ours when it runs exactly our interface name in the foreground.</summary>
    public static bool IsWireGuardGoFor(IReadOnlyList<string> argv, string iface) =>
        argv.Count == 3 && Path.GetFileName(argv[0]) == "wireguard-go" && argv[1] == "-f" && argv[2] == iface;
}
