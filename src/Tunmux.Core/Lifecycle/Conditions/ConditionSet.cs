using System.Collections.Immutable;

namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>
/// A tunnel's conditions, at most one per type, in the order they were first set. Immutable:
/// <see cref="Set"/> returns a new set (or this one when nothing changed), so "write status only
/// when it changed" is a comparison with <see cref="Equals(ConditionSet?)"/>.
/// </summary>
public sealed class ConditionSet : IEquatable<ConditionSet>
{
    private readonly ImmutableArray<Condition> _items;

    private ConditionSet(ImmutableArray<Condition> items) => _items = items;

    public static ConditionSet Empty { get; } = new([]);

    public IReadOnlyList<Condition> Items => _items;

    public Condition? Find(string type) => _items.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Adds or updates the condition of <paramref name="condition"/>'s type, as apimachinery's
    /// SetStatusCondition does: reason, message and generation always follow the new value, but
    /// the last transition time moves only when the status changes.
    /// </summary>
    public ConditionSet Set(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var index = IndexOf(condition.Type);
        if (index < 0)
        {
            return new ConditionSet(_items.Add(condition));
        }

        var existing = _items[index];
        var updated = existing.Status == condition.Status
            ? condition with { LastTransitionTime = existing.LastTransitionTime }
            : condition;
        return updated == existing ? this : new ConditionSet(_items.SetItem(index, updated));
    }

    public ConditionSet Remove(string type)
    {
        var index = IndexOf(type);
        return index < 0 ? this : new ConditionSet(_items.RemoveAt(index));
    }

    public bool IsTrue(string type) => Find(type)?.Status == ConditionStatus.True;

    public bool Equals(ConditionSet? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => obj is ConditionSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    private int IndexOf(string type)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            if (_items[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }
}
