using Tunmux.Core.State;

namespace Tunmux.Lab.State;

/// <summary>Adds each thing the lab makes to its state and saves the state file at once.</summary>
internal sealed class LabRecorder(string path, LabState initial)
{
    public LabState State { get; private set; } = initial;

    public string Path { get; } = path;

    public void Namespace(string name) => Save(State with { Namespaces = [.. State.Namespaces, name] });

    public void HostLink(string name) => Save(State with { HostLinks = [.. State.HostLinks, name] });

    public void HostRoute(LabRouteRecord route) => Save(State with { HostRoutes = [.. State.HostRoutes, route] });

    public void Process(string role, string ns, ProcessRef process) =>
        Save(State with { Processes = [.. State.Processes, new LabProcessRecord(role, ns, process.Pid, process.StartTime)] });

    public void Socket(string path) => Save(State with { Sockets = [.. State.Sockets, path] });

    public void File(string path)
    {
        if (!State.Files.Contains(path))
        {
            Save(State with { Files = [.. State.Files, path] });
        }
    }

    private void Save(LabState state)
    {
        State = state;
        LabStateFile.Save(Path, state);
    }
}
