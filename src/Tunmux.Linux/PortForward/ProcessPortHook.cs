using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Tunmux.Core.PortForwarding;

namespace Tunmux.Linux.PortForward;

/// <summary>
/// Runs the user's hook for a port change: the program by absolute path with its arguments (no
/// shell), TUNMUX_TUNNEL, TUNMUX_PORT and TUNMUX_PREVIOUS_PORT (empty the first time) added to
/// the environment, its output into the keeper's log. It runs where the keeper runs, inside the
/// tunnel's namespace, which is where the forwarded port arrives. A hook that does not finish in
/// time is killed; either way the failure is reported, never thrown.
/// </summary>
public sealed class ProcessPortHook(IReadOnlyList<string> argv, TimeSpan timeout) : IPortHook
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async Task<string?> RunAsync(PortChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var startInfo = new ProcessStartInfo(Processes.SystemPrograms.ResolveOrMissing(argv[0]))
        {
            UseShellExecute = false,
            WorkingDirectory = Processes.SystemPrograms.WorkingDirectory,
        };
        foreach (var argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TUNMUX_TUNNEL"] = change.Tunnel;
        startInfo.Environment["TUNMUX_PORT"] = change.Port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["TUNMUX_PREVIOUS_PORT"] = change.PreviousPort?.ToString(CultureInfo.InvariantCulture) ?? "";

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("no process was started");
        }
        catch (Win32Exception ex)
        {
            return $"{argv[0]} could not be started: {ex.Message}";
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return $"{argv[0]} did not finish within {timeout.TotalSeconds:0.#} s and was killed";
            }

            return process.ExitCode == 0 ? null : $"{argv[0]} exited with code {process.ExitCode}";
        }
    }
}
