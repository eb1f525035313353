using System.Diagnostics;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a program and collects its output; tests never go through a shell.</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;

        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            return this;
        }
    }

    /// <summary>
    /// A breakage run inside an exit's namespace (`ip -n NS ...`), run once (see <see cref="BreakageAsync"/>).
    /// </summary>
    public static Task<Result> BreakageInsideAsync(IReadOnlyList<string> argv) => BreakageAsync(() => ProgramAsync(argv));

    /// <summary>
    /// Runs a breakage once and says whether it was done. The daemon hears of it at once (an
    /// rtnetlink event) and its repair stops every process still inside the namespace before it
    /// removes it, so a breaking program that has not exited yet (the kernel already did its work,
    /// but the program waits for a CPU on a loaded machine) is stopped too: SIGTERM, exit 143,
    /// although its breakage is done. That counts as done: running it again would break the exit
    /// the daemon has just rebuilt, a second breakage that reads in the daemon's log like a second
    /// rebuild of a healthy exit (the "repair churn" once blamed on the daemon). Any other result
    /// is returned as it is: "Cannot find device" means the exit was not whole when the test broke
    /// it, which the caller must report, not hide by trying again.
    /// </summary>
    public static async Task<Result> BreakageAsync(Func<Task<Result>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = await run();
        return result.ExitCode == StoppedByTerm ? result with { ExitCode = 0 } : result;
    }

    private const int StoppedByTerm = 143;

    public static async Task<Result> ProgramAsync(
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null,
        TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish in {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds} s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
