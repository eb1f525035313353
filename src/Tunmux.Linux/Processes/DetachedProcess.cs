using System.Diagnostics;
using Tunmux.Core.State;

namespace Tunmux.Linux.Processes;

/// <summary>
/// Starts long-lived helpers (wireguard-go, proxy workers, lab servers) that must outlive the
/// command that started them. They run in their own session (setsid), with standard input
/// from /dev/null and output appended to a log file, so they hold none of our pipes open.
/// The chain sh -> setsid -> [ip netns exec] -> program only execs, so the PID we get is the
/// program's own.
/// </summary>
public static class DetachedProcess
{
    public static ProcessRef Start(IReadOnlyList<string> argv, string logFile, string? inNamespace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        CreatePrivateLog(logFile);
        var program = new List<string> { SystemPrograms.ResolveOrMissing("setsid") };
        if (inNamespace is not null)
        {
            program.AddRange([SystemPrograms.ResolveOrMissing("ip"), "netns", "exec", inNamespace]);
        }

        program.Add(SystemPrograms.ResolveOrMissing(argv[0]));
        program.AddRange(argv.Skip(1));

        // "$@" keeps every argument intact; the shell only sets up the redirections, then execs.
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = SystemPrograms.WorkingDirectory };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("exec \"$@\" </dev/null >>\"$TUNMUX_DETACHED_LOG\" 2>&1");
        startInfo.ArgumentList.Add("tunmux-detached");
        foreach (var arg in program)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["TUNMUX_DETACHED_LOG"] = logFile;
        startInfo.Environment["PATH"] = SystemPrograms.SearchPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        return ProcStat.Capture(process.Id)
            ?? throw new InvalidOperationException($"{argv[0]} exited at once; see {logFile}");
    }

    /// <summary>
    /// Worker and access logs name clients and the targets they visit: readable by root only,
    /// from creation, and narrowed if an older file was left wider.
    /// </summary>
    private static void CreatePrivateLog(string logFile)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(logFile, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        {
        }

        File.SetUnixFileMode(logFile, ownerOnly);
    }

    /// <summary>
    /// Stops a recorded process: SIGTERM (or <paramref name="signal"/>), then SIGKILL after the grace
    /// period. A process that is already gone, or whose PID now belongs to someone else, is left alone.
    /// </summary>
    public static async Task StopAsync(ProcessRef process, TimeSpan grace, CancellationToken cancellationToken, int signal = Sigterm)
    {
        if (!ProcStat.IsAlive(process))
        {
            return;
        }

        Signal(process.Pid, signal);
        var deadline = DateTime.UtcNow + grace;
        while (ProcStat.IsAlive(process) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false); // polling a condition with a deadline
        }

        if (ProcStat.IsAlive(process))
        {
            Signal(process.Pid, Sigkill);
            var killDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (ProcStat.IsAlive(process) && DateTime.UtcNow < killDeadline)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    private static void Signal(int pid, int signal) => _ = kill(pid, signal);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
