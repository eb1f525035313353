namespace Tunmux.Daemon.Metrics;

/// <summary>One labelled series of a histogram: a count per bucket plus the sum of observations.</summary>
public sealed class HistogramChild
{
    private readonly double[] _upperBounds;

    // One slot per finite upper bound plus a last slot for values above them all (+Inf).
    // Slots are not cumulative here; the cumulative view is built at scrape time.
    private readonly long[] _counts;
    private double _sum;

    internal HistogramChild(double[] upperBounds)
    {
        _upperBounds = upperBounds;
        _counts = new long[upperBounds.Length + 1];
    }

    public double Sum => Volatile.Read(ref _sum);

    public long Count
    {
        get
        {
            long count = 0;
            foreach (var slot in ReadCounts())
            {
                count += slot;
            }

            return count;
        }
    }

    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A histogram cannot observe NaN.");
        }

        Interlocked.Increment(ref _counts[SlotOf(value)]);
        AtomicDouble.Add(ref _sum, value);
    }

    /// <summary>A copy of the per-slot counts (non-cumulative), last slot being above every bound.</summary>
    internal long[] ReadCounts()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }

    // Buckets are "less than or equal": the first bound >= value.
    private int SlotOf(double value)
    {
        var index = Array.BinarySearch(_upperBounds, value);
        return index >= 0 ? index : ~index;
    }
}
