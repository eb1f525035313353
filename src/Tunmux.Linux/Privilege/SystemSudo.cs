using System.Diagnostics;

namespace Tunmux.Linux.Privilege;

/// <summary>The host's sudo, looked for only in the system's own folders (a user's PATH never chooses it).</summary>
public sealed class SystemSudo : ISudo
{
    private static readonly string[] Candidates = ["/usr/bin/sudo", "/bin/sudo", "/usr/sbin/sudo", "/usr/local/bin/sudo"];

    /// <summary>`sudo -v` waits for a person; give up after the original's 90 seconds.</summary>
    private static readonly TimeSpan ValidateTimeout = TimeSpan.FromSeconds(90);

    public string? Path { get; } = Candidates.FirstOrDefault(File.Exists);

    public bool HasTerminal => !Console.IsInputRedirected;

    public async Task<SudoResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(arguments, redirect: true)) ?? throw new IOException("sudo did not start");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode == 0)
            {
                // With -b the started helper inherits sudo's output pipes (it moves its own output to
                // its log file once it runs): success needs nothing from them, so they are not awaited.
                return new SudoResult(0, "");
            }

            // A refusal: sudo started nothing, so nobody else holds the pipes and they end now.
            _ = await stdout.ConfigureAwait(false);
            return new SudoResult(process.ExitCode, (await stderr.ConfigureAwait(false)).Trim());
        }
        finally
        {
            // Process.Dispose leaves redirected streams open; closing ours here (safe with a read
            // still pending: the handle is reference-counted) does not wait for the GC.
            process.StandardOutput.Dispose();
            process.StandardError.Dispose();
            Observe(stdout);
            Observe(stderr);
        }
    }

    private static void Observe(Task task) => task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public async Task<int> ValidateOnTerminalAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(["-v"], redirect: false)) ?? throw new IOException("sudo did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ValidateTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            return -1;
        }
    }

    public Process Start(IReadOnlyList<string> arguments)
    {
        return Process.Start(StartInfo(arguments, redirect: true)) ?? throw new IOException("sudo did not start");
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, bool redirect)
    {
        var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("sudo is not installed"))
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
