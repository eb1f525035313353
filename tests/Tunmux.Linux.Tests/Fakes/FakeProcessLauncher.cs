using Tunmux.Core.State;
using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>
/// Records processes that would be started and stopped. <see cref="OnStart"/> plays the
/// process's part (creating a control socket, writing a ready file or a log, dying).
/// </summary>
internal sealed class FakeProcessLauncher : IProcessLauncher
{
    private int _nextPid = 40000;

    public List<StartedProcess> Started { get; } = [];

    public List<ProcessRef> Stopped { get; } = [];

    public List<TimeSpan> StopGraces { get; } = [];

    public HashSet<ProcessRef> Alive { get; } = [];

    /// <summary>PIDs that <see cref="Capture"/> finds running (as `ip netns pids` would list).</summary>
    public Dictionary<int, ProcessRef> Running { get; } = [];

    public Action<StartedProcess>? OnStart { get; set; }

    /// <summary>Plays the process's end when it is stopped (closing what it held open).</summary>
    public Action<ProcessRef>? OnStop { get; set; }

    public ProcessRef Start(IReadOnlyList<string> argv, string logFile, string? inNamespace, IReadOnlyDictionary<string, string>? environment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!); // as DetachedProcess does
        var process = new ProcessRef(_nextPid++, 777);
        var started = new StartedProcess(argv, logFile, inNamespace, environment ?? new Dictionary<string, string>(), process);
        Started.Add(started);
        Alive.Add(process);
        OnStart?.Invoke(started);
        return process;
    }

    public Task StopAsync(ProcessRef process, TimeSpan grace, CancellationToken cancellationToken)
    {
        StopSignals.Add(15);
        Stopped.Add(process);
        StopGraces.Add(grace);
        Alive.Remove(process);
        OnStop?.Invoke(process);
        return Task.CompletedTask;
    }

    /// <summary>The signal each stop asked the process to end with (15, SIGTERM, for <see cref="StopAsync"/>).</summary>
    public List<int> StopSignals { get; } = [];

    public Task StopWithAsync(ProcessRef process, int signal, TimeSpan grace, CancellationToken cancellationToken)
    {
        StopSignals.Add(signal);
        Stopped.Add(process);
        StopGraces.Add(grace);
        Alive.Remove(process);
        OnStop?.Invoke(process);
        return Task.CompletedTask;
    }

    public bool IsAlive(ProcessRef process) => Alive.Contains(process);

    public ProcessRef? Capture(int pid) => Running.TryGetValue(pid, out var process) ? process : null;

    public sealed record StartedProcess(
        IReadOnlyList<string> Argv,
        string LogFile,
        string? InNamespace,
        IReadOnlyDictionary<string, string> Environment,
        ProcessRef Process);
}
