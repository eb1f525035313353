using System.Diagnostics;

namespace Tunmux.Linux.Commands;

/// <summary>Runs commands as child processes, with a time limit so a stuck tool cannot hang a reconcile.</summary>
public sealed class ProcessCommandRunner(TimeSpan? timeout = null) : ICommandRunner
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public async Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Processes.SystemPrograms.ResolveOrMissing(command.Argv[0]))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Processes.SystemPrograms.WorkingDirectory,
        };
        foreach (var arg in command.Argv.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new CommandResult(127, "", $"{command.Argv[0]}: {ex.Message}");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            return await FinishAsync(process, command, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ClosePipes(process, stdout, stderr);
        }
    }

    private async Task<CommandResult> FinishAsync(Process process, HostCommand command, Task<string> stdout, Task<string> stderr, CancellationToken cancellationToken)
    {
        try
        {
            if (command.StandardInput is not null)
            {
                await process.StandardInput.WriteAsync(command.StandardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of its input (a broken pipe); its exit code and
            // error output below say why, which is more useful than the pipe error.
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(124, "", $"{command.Argv[0]}: timed out after {_timeout.TotalSeconds:0} s");
        }

        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// Process.Dispose leaves the redirected streams open (by design: someone else may still
    /// read them), so without this each command's output and error pipes stay open until the
    /// GC finalizes them, and a quiet daemon collects rarely: it gathered pipe descriptors by
    /// the hundred. Closing is safe even while a read is still pending (after a kill, when an
    /// escaped grandchild still holds the pipe): the pipe's handle is reference-counted, so the
    /// descriptor is released only when that read lets go, and the read just ends, unobserved.
    /// </summary>
    private static void ClosePipes(Process process, Task<string> stdout, Task<string> stderr)
    {
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        Observe(stdout);
        Observe(stderr);
    }

    private static void Observe(Task task) =>
        task.ContinueWith(ended => _ = ended.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
