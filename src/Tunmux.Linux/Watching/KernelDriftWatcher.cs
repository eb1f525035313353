using Tunmux.Core.Host;

namespace Tunmux.Linux.Watching;

/// <summary>
/// Drift from kernel events on one thread: pidfds for recorded processes, an rtnetlink
/// socket per owned namespace, inotify on the namespace folder (see
/// <see cref="ProcessExitWatch"/> and <see cref="NamespaceEventWatch"/>). Idle, it sleeps in
/// poll(2) and costs nothing; it ticks only while something has to be polled because the
/// kernel offered no event for it. Signals reach <c>onDrift</c> on the watcher's thread,
/// never while a lock of the watcher is held.
/// </summary>
public sealed class KernelDriftWatcher : IDriftWatcher
{
    public const string DefaultNamespaceFolder = "/run/netns";

    private readonly PollLoop _loop;
    private readonly ProcessExitWatch _processes;
    private readonly NamespaceEventWatch _namespaces;

    /// <param name="onDrift">Told which key to look at and why.</param>
    /// <param name="fallbackInterval">How often what has no kernel event is polled.</param>
    /// <param name="namespaceFolder">Where named namespaces live (tests may point elsewhere).</param>
    public KernelDriftWatcher(Action<DriftSignal> onDrift, TimeSpan fallbackInterval, string namespaceFolder = DefaultNamespaceFolder)
    {
        ArgumentNullException.ThrowIfNull(onDrift);
        ProcessExitWatch? processes = null;
        NamespaceEventWatch? namespaces = null;
        _loop = new PollLoop(fallbackInterval, () => (processes?.Tick() ?? false) | (namespaces?.Tick() ?? false));
        void Signal(string key, string reason) => _loop.Deliver(() => onDrift(new DriftSignal(key, reason)));
        _processes = processes = new ProcessExitWatch(_loop, Signal);
        _namespaces = namespaces = new NamespaceEventWatch(_loop, Signal, namespaceFolder);
    }

    public bool EventDriven
    {
        get
        {
            lock (_loop.Gate)
            {
                return _namespaces.FolderWatched && _processes.PolledCount == 0;
            }
        }
    }

    public void Watch(DriftTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        lock (_loop.Gate)
        {
            _processes.Watch(targets.Processes);
            _namespaces.Watch(targets.Namespaces);
        }

        // Polled targets may have been added: let the loop tick for them.
        _loop.Wake();
    }

    public void Dispose() => _loop.Dispose();
}
