using Tunmux.Core.Observed;
using Tunmux.Core.State;

namespace Tunmux.Daemon.Metrics;

/// <summary>
/// Turns each worker's own count of admitted connections into one total per proxy that never
/// goes backwards: when a proxy's worker is replaced (it crashed, or its spec changed), the old
/// worker's last count is carried over and the new worker's count is added on top. Pure; the
/// caller serializes access.
/// </summary>
public sealed class ProxyConnectionTotals
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Takes in a worker's latest counts and returns the proxy's running total.</summary>
    public long Add(string proxy, ProxyConnectionCounts counts)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(counts);
        var entry = _entries.TryGetValue(proxy, out var known)
            ? known.Worker == counts.Worker
                // The same worker never counts down; a smaller number would be a misread, so it is ignored.
                ? known with { Last = Math.Max(known.Last, counts.Total) }
                : new Entry(counts.Worker, known.Carried + known.Last, counts.Total)
            : new Entry(counts.Worker, 0, counts.Total);
        _entries[proxy] = entry;
        return entry.Carried + entry.Last;
    }

    /// <summary>Forgets every proxy not in <paramref name="keep"/> (deleted ones): a new proxy of the same name starts from zero.</summary>
    public void RetainOnly(IReadOnlySet<string> keep)
    {
        foreach (var name in _entries.Keys.Where(name => !keep.Contains(name)).ToList())
        {
            _entries.Remove(name);
        }
    }

    private sealed record Entry(ProcessRef Worker, long Carried, long Last);
}
