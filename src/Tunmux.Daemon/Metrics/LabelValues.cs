namespace Tunmux.Daemon.Metrics;

/// <summary>
/// The values of one child's labels, in label-name order: the key of a metric's children.
/// Compared element by element (ordinal), which also gives the stable exposition order.
/// </summary>
internal sealed class LabelValues : IEquatable<LabelValues>, IComparable<LabelValues>
{
    private readonly string[] _values;
    private readonly int _hash;

    public LabelValues(string[] values)
    {
        _values = values;
        var hash = new HashCode();
        foreach (var value in values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public IReadOnlyList<string> Values => _values;

    public bool Equals(LabelValues? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LabelValues);

    public override int GetHashCode() => _hash;

    public int CompareTo(LabelValues? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Min(_values.Length, other._values.Length); i++)
        {
            var order = string.CompareOrdinal(_values[i], other._values[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return _values.Length.CompareTo(other._values.Length);
    }
}
