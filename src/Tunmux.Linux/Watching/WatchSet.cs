namespace Tunmux.Linux.Watching;

/// <summary>
/// The bookkeeping of a watcher, without any I/O: which targets are watched, for which key,
/// and which were lost (their process exited, their namespace went away). A lost target is
/// reported once and then kept as lost while it is still wanted, so that the next
/// <see cref="Diff"/> does not start watching it (and reporting it) again.
/// </summary>
internal sealed class WatchSet<T>(IEqualityComparer<T>? comparer = null)
    where T : notnull
{
    private readonly Dictionary<T, Entry> _entries = new(comparer);

    public int Count => _entries.Count;

    /// <summary>
    /// Compares the wanted targets with the watched ones. Returns what to start (new targets, and
    /// lost ones that <paramref name="retryLost"/> says may be watched again) and what to stop
    /// (no longer wanted; they are forgotten here). The key of a target that stays is updated.
    /// </summary>
    public (IReadOnlyList<T> Start, IReadOnlyList<T> Stop) Diff(IReadOnlyDictionary<T, string> wanted, Func<T, bool> retryLost)
    {
        var stop = _entries.Keys.Where(target => !wanted.ContainsKey(target)).ToList();
        foreach (var target in stop)
        {
            _entries.Remove(target);
        }

        var start = new List<T>();
        foreach (var (target, key) in wanted)
        {
            if (!_entries.TryGetValue(target, out var entry))
            {
                _entries[target] = new Entry(key, Lost: false, Started: false);
                start.Add(target);
            }
            else if (entry.Lost && retryLost(target))
            {
                _entries[target] = new Entry(key, Lost: false, Started: false);
                start.Add(target);
            }
            else
            {
                _entries[target] = entry with { Key = key };
            }
        }

        return (start, stop);
    }

    /// <summary>The target's watch is in place.</summary>
    public void Started(T target)
    {
        if (_entries.TryGetValue(target, out var entry))
        {
            _entries[target] = entry with { Started = true };
        }
    }

    /// <summary>True when the target is wanted and its watch is in place (not lost).</summary>
    public bool IsWatched(T target) => _entries.TryGetValue(target, out var entry) && entry.Started && !entry.Lost;

    /// <summary>
    /// Marks a wanted target lost and returns its key, to be reported; null when it is not
    /// wanted (any more) or was already reported lost.
    /// </summary>
    public string? Lose(T target)
    {
        if (!_entries.TryGetValue(target, out var entry) || entry.Lost)
        {
            return null;
        }

        _entries[target] = entry with { Lost = true, Started = false };
        return entry.Key;
    }

    /// <summary>The key of a wanted target that is not lost; null otherwise.</summary>
    public string? KeyOf(T target) => _entries.TryGetValue(target, out var entry) && !entry.Lost ? entry.Key : null;

    /// <summary>Targets that are wanted and not lost, with their keys.</summary>
    public IEnumerable<(T Target, string Key)> Live() =>
        _entries.Where(e => !e.Value.Lost).Select(e => (e.Key, e.Value.Key));

    private readonly record struct Entry(string Key, bool Lost, bool Started);
}
