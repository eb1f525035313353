using Tunmux.Core.State;

namespace Tunmux.Core.Host;

/// <summary>
/// What the host should be watched for between reconcile passes: each recorded process
/// (wireguard-go, proxy worker, port keeper) and each owned namespace, with the key that
/// must be reconciled when it changes.
/// </summary>
public sealed record DriftTargets(IReadOnlyDictionary<ProcessRef, string> Processes, IReadOnlyDictionary<string, string> Namespaces)
{
    public static DriftTargets None { get; } = new(new Dictionary<ProcessRef, string>(), new Dictionary<string, string>(StringComparer.Ordinal));
}

/// <summary>One reason to reconcile a key, raised by a <see cref="IDriftWatcher"/>.</summary>
public sealed record DriftSignal(string Key, string Reason);

/// <summary>
/// Tells the control loop about drift as the kernel reports it (a process exited, a link,
/// address or route went away in a namespace, a namespace was deleted), so that no poll has
/// to look for it. Signals arrive on the watcher's own thread; they only say which key to
/// look at, and a reconcile pass decides what, if anything, to do.
/// </summary>
public interface IDriftWatcher : IDisposable
{
    /// <summary>
    /// True when every target is watched through kernel events; false when some fall back to
    /// polling (no pidfd_open, no inotify on the namespace folder), so a caller keeps its fast poll.
    /// </summary>
    bool EventDriven { get; }

    /// <summary>Makes the watched set exactly <paramref name="targets"/>: starts what is new, stops what is gone.</summary>
    void Watch(DriftTargets targets);
}
