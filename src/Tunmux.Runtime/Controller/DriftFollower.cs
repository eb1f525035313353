using Tunmux.Core.Host;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Keeps the host's drift watcher pointed at what the records say exists, and turns its signals
/// into work for the loop. <see cref="Refresh"/> runs after passes (which create, replace and
/// delete what is watched); a signal only names a key, and the loop decides whether to queue it.
/// Without a watcher (tests, or none given) it does nothing and the loop polls as before.
/// </summary>
internal sealed class DriftFollower : IDisposable
{
    private readonly IDriftWatcher? _watcher;
    private readonly RecordStore _records;
    private readonly string _namespacePrefix;
    private readonly Lock _refreshing = new();
    private long _seenWrites = -1;
    private int _lookAgain;

    public DriftFollower(Func<Action<DriftSignal>, IDriftWatcher>? watcherFactory, Action<DriftSignal> onSignal, RecordStore records, string namespacePrefix)
    {
        _records = records;
        _namespacePrefix = namespacePrefix;
        _watcher = watcherFactory?.Invoke(onSignal);
    }

    /// <summary>True when processes and namespaces are watched through kernel events, so drift needs no fast poll.</summary>
    public bool EventDriven => _watcher?.EventDriven ?? false;

    /// <summary>
    /// Points the watcher at the current records when this process wrote or deleted a record
    /// since the last look (every process and namespace a pass makes is recorded). Serialised,
    /// so an older view never replaces a newer one.
    /// </summary>
    public void Refresh()
    {
        if (_watcher is null || (RecordStore.Writes == Volatile.Read(ref _seenWrites) && Volatile.Read(ref _lookAgain) == 0))
        {
            return;
        }

        lock (_refreshing)
        {
            // Read the flag and the count first: what lands while the records are read is looked at next time.
            Interlocked.Exchange(ref _lookAgain, 0);
            var writes = RecordStore.Writes;
            _watcher.Watch(DriftWatchTargets.From(_namespacePrefix, _records));
            Volatile.Write(ref _seenWrites, writes);
        }
    }

    /// <summary>
    /// Makes the next <see cref="Refresh"/> point the watcher at the records even if none changed.
    /// Called for every signal: a watcher drops a target it lost (a namespace deleted), and when
    /// that loss reaches it only after the pass that made the namespace again had refreshed, the
    /// records no longer change, so without this the new namespace would never be watched.
    /// </summary>
    public void LookAgain() => Interlocked.Exchange(ref _lookAgain, 1);

    public void Dispose() => _watcher?.Dispose();
}
