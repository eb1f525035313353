using Tunmux.Core.State;

namespace Tunmux.Linux.Processes;

internal sealed class DetachedProcessLauncher : IProcessLauncher
{
    public static DetachedProcessLauncher Instance { get; } = new();

    public ProcessRef Start(IReadOnlyList<string> argv, string logFile, string? inNamespace, IReadOnlyDictionary<string, string>? environment) =>
        DetachedProcess.Start(argv, logFile, inNamespace, environment);

    public Task StopAsync(ProcessRef process, TimeSpan grace, CancellationToken cancellationToken) =>
        DetachedProcess.StopAsync(process, grace, cancellationToken);

    public Task StopWithAsync(ProcessRef process, int signal, TimeSpan grace, CancellationToken cancellationToken) =>
        DetachedProcess.StopAsync(process, grace, cancellationToken, signal);

    public bool IsAlive(ProcessRef process) => ProcStat.IsAlive(process);

    public ProcessRef? Capture(int pid) => ProcStat.Capture(pid);
}
