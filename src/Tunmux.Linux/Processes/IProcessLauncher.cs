using Tunmux.Core.State;

namespace Tunmux.Linux.Processes;

/// <summary>
/// Starts and stops long-lived helpers. The real one is <see cref="DetachedProcess"/>; unit
/// tests record what would be started and play the process's part (a socket, a ready file).
/// </summary>
internal interface IProcessLauncher
{
    ProcessRef Start(IReadOnlyList<string> argv, string logFile, string? inNamespace, IReadOnlyDictionary<string, string>? environment);

    Task StopAsync(ProcessRef process, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>As <see cref="StopAsync"/>, but the process is asked to end with <paramref name="signal"/> instead of SIGTERM (SIGKILL still follows the grace).</summary>
    Task StopWithAsync(ProcessRef process, int signal, TimeSpan grace, CancellationToken cancellationToken);

    bool IsAlive(ProcessRef process);

    /// <summary>A reference to a running process by PID, or null when it is gone.</summary>
    ProcessRef? Capture(int pid);
}
