namespace Tunmux.Daemon.Metrics;

/// <summary>Lock-free arithmetic on a double field (Interlocked has no Add for doubles).</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double amount)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + amount, current);
            // Compare bit patterns: NaN never equals itself, so == would loop forever once the value is NaN.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
