using System.Collections.Immutable;

namespace Tunmux.Core.Lifecycle.History;

/// <summary>
/// The most recent entries of one tunnel's history, oldest first, at most <see cref="Capacity"/>
/// of them: adding to a full history drops the oldest. Immutable, so it can live inside the
/// per-tunnel state the run loop keeps and be handed to status readers without locking.
/// </summary>
public sealed class EventHistory
{
    public const int DefaultCapacity = 20;

    private readonly ImmutableArray<EventHistoryEntry> _entries;

    private EventHistory(int capacity, ImmutableArray<EventHistoryEntry> entries)
    {
        Capacity = capacity;
        _entries = entries;
    }

    public static EventHistory Empty(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new EventHistory(capacity, []);
    }

    /// <summary>A history holding the last <paramref name="capacity"/> of <paramref name="entries"/> (oldest first), e.g. as saved before a restart.</summary>
    public static EventHistory Of(IEnumerable<EventHistoryEntry> entries, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = entries.ToList();
        return new EventHistory(Empty(capacity).Capacity, [.. all.Skip(Math.Max(0, all.Count - capacity))]);
    }

    public int Capacity { get; }

    public IReadOnlyList<EventHistoryEntry> Entries => _entries;

    /// <summary>The history with <paramref name="entry"/> appended; null (nothing happened) returns this history.</summary>
    public EventHistory Add(EventHistoryEntry? entry)
    {
        if (entry is null)
        {
            return this;
        }

        var kept = _entries.Length < Capacity ? _entries : _entries.RemoveAt(0);
        return new EventHistory(Capacity, kept.Add(entry));
    }
}
