namespace Tunmux.Runtime.Controller;

/// <summary>
/// At most one pending timer per key: a request for an earlier time replaces the pending one,
/// a request for a later time is dropped (the earlier pass schedules again). Without this every
/// pass would start another chain of timers. Due times use the monotonic timestamp, never the
/// wall clock, so they stay right when the clock is set (or a test moves it).
/// </summary>
internal sealed class KeyTimers(TimeProvider time) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _pending = new(StringComparer.Ordinal);

    public void Schedule(string key, TimeSpan delay, Action<string> fire)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var due = time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer?.Dispose();
            }

            var entry = new Entry(due);
            _pending[key] = entry;
            entry.Timer = time.CreateTimer(_ => Fire(key, entry, fire), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _pending.Values)
            {
                entry.Timer?.Dispose();
            }

            _pending.Clear();
        }
    }

    private void Fire(string key, Entry entry, Action<string> fire)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(key, out var current) || current != entry)
            {
                return; // replaced by an earlier one
            }

            _pending.Remove(key);
        }

        entry.Timer?.Dispose();
        fire(key);
    }

    private sealed class Entry(long due)
    {
        public long Due { get; } = due;

        public ITimer? Timer { get; set; }
    }
}
