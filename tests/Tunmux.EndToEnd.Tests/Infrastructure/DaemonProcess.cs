using System.Diagnostics;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// `tunmux daemon` running inside a sandbox, with its control socket in the sandbox's state
/// folder (every tunmux command the sandbox runs goes through it) and its log in a file.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DaemonProcess(Process process, string log)
    {
        _process = process;
        LogFile = log;
    }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>
    /// Health settings in seconds instead of minutes, for failover tests. Below two minutes a healthy
    /// WireGuard tunnel does not handshake often enough, so it gets reconnected now and then;
    /// stable-after below the handshake age keeps those reconnects on the current peer instead of
    /// failing back.
    /// </summary>
    public static IReadOnlyList<string> ShortHealthPolicy { get; } =
    [
        "--handshake-max-age", "5s", "--handshake-grace", "3s", "--degraded-confirmation", "1s",
        "--stable-after", "3s", "--reconnects-before-failover", "1",
    ];

    public static string SocketOf(Sandbox sandbox) => Path.Combine(sandbox.StateDir, "ctl.sock");

    public static Task<DaemonProcess> StartAsync(Sandbox sandbox, params IReadOnlyList<string> extraArgs) =>
        StartAsync(sandbox, new Dictionary<string, string>(), extraArgs);

    /// <param name="environment">Added to the sandbox's environment: a config folder, provider API addresses.</param>
    public static Task<DaemonProcess> StartAsync(Sandbox sandbox, IReadOnlyDictionary<string, string> environment, params IReadOnlyList<string> extraArgs) =>
        StartProgramAsync(sandbox, TunmuxBinary.Path, environment, extraArgs);

    /// <param name="workingDirectory">Where the daemon is started from (the caller's own folder by default).</param>
    public static Task<DaemonProcess> StartInAsync(Sandbox sandbox, string? workingDirectory, IReadOnlyDictionary<string, string> environment, params IReadOnlyList<string> extraArgs) =>
        StartProgramAsync(sandbox, TunmuxBinary.Path, environment, extraArgs, workingDirectory);

    /// <summary>As <see cref="StartAsync(Sandbox, IReadOnlyDictionary{string, string}, IReadOnlyList{string})"/> with another executable that runs the same CLI (tunmux-agent).</summary>
    public static async Task<DaemonProcess> StartProgramAsync(Sandbox sandbox, string executable, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> extraArgs, string? workingDirectory = null)
    {
        var log = Path.Combine(sandbox.StateDir, $"daemon-{DateTime.UtcNow.Ticks}.log");
        var keepIn = KeptLogFolder;
        var startInfo = new ProcessStartInfo(keepIn is null ? "/bin/sh" : "/bin/bash") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        startInfo.ArgumentList.Add("-c");
        // Kept logs (for a look after the run) are verbose and time-stamped like bench/daemon.sh's; the shell still becomes the daemon.
        startInfo.ArgumentList.Add(keepIn is null
            ? "exec \"$@\" >>\"$DAEMON_LOG\" 2>&1 </dev/null"
            : "exec > >(exec perl -MTime::HiRes=time -e '$| = 1; while (<STDIN>) { printf \"%.3f %s\", time, $_ }' >>\"$DAEMON_LOG\") 2>&1 </dev/null; exec \"$@\"");
        startInfo.ArgumentList.Add("daemon");
        var verbose = keepIn is null ? [] : new[] { "--verbose" };
        foreach (var arg in sandbox.Enter().Concat(new[] { executable, "daemon", "--socket", SocketOf(sandbox), "--metrics", "127.0.0.1:9477" }).Concat(verbose).Concat(extraArgs))
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in sandbox.Environment.Concat(environment))
        {
            startInfo.Environment[key] = value;
        }

        startInfo.Environment["DAEMON_LOG"] = log;
        var daemon = new DaemonProcess(Process.Start(startInfo)!, log);
        // The daemon's event 1101 ends with "; ready" once the first reconcile round is done
        // (a bare "ready" would also match "already" in an earlier line).
        await Eventually.ThatAsync(() => Task.FromResult(daemon.Log.Contains("; ready", StringComparison.Ordinal) || daemon._process.HasExited), TimeSpan.FromSeconds(60), "the daemon to become ready");
        if (daemon._process.HasExited)
        {
            throw new InvalidOperationException($"the daemon exited at start:\n{daemon.Log}");
        }

        return daemon;
    }

    /// <summary>SIGKILL: no chance to clean up, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: a normal stop.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            (await Run.ProgramAsync(["kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill -TERM");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>
    /// TUNMUX_E2E_DAEMON_LOGS=DIR: daemons run with --verbose, their log lines are time-stamped
    /// (seconds since the epoch), and each log is copied to DIR when the daemon is disposed.
    /// </summary>
    public static string? KeptLogFolder => Environment.GetEnvironmentVariable("TUNMUX_E2E_DAEMON_LOGS") is { Length: > 0 } folder ? folder : null;

    /// <summary>Writes a time-stamped marker into a kept log, so a test's steps can be found in it.</summary>
    public void Mark(string step)
    {
        if (KeptLogFolder is not null)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            File.AppendAllText(LogFile, $"{now.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} ### {step}\n");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (KeptLogFolder is { } folder && File.Exists(LogFile))
        {
            Directory.CreateDirectory(folder);
            File.Copy(LogFile, Path.Combine(folder, Path.GetFileName(LogFile)), overwrite: true);
        }
    }
}
