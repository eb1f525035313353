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
    /// A breakage run inside an exit's namespace (`ip -n NS ...`), run to its end: while the daemon
    /// is still finishing a repair there it stops every process inside, this one too (SIGTERM, exit
    /// 143), or the device to break is not there yet ("Cannot find device": the repair is between
    /// removing the namespace and building the interface again). Either means the breakage did not
    /// happen yet, so it is run again (until <paramref name="limit"/>). Any other result is returned
    /// as it is.
    /// </summary>
    public static async Task<Result> BreakageInsideAsync(IReadOnlyList<string> argv, TimeSpan limit)
    {
        Result? result = null;
        await Eventually.ThatAsync(async () =>
        {
            result = await ProgramAsync(argv);
            return result.ExitCode != StoppedByTerm && !result.Stderr.Contains("Cannot find device", StringComparison.Ordinal);
        }, limit, $"{string.Join(' ', argv)} to run to its end");
        return result!;
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
