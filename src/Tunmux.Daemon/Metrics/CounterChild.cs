namespace Tunmux.Daemon.Metrics;

/// <summary>One labelled series of a counter.</summary>
public sealed class CounterChild
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Increment(double amount = 1)
    {
        if (!(amount >= 0) || double.IsInfinity(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A counter only increases by a finite, non-negative amount.");
        }

        AtomicDouble.Add(ref _value, amount);
    }

    /// <summary>
    /// Mirrors a total counted elsewhere (e.g. WireGuard's rx/tx bytes). A smaller value than
    /// before is a reset at the source (the interface was recreated); Prometheus' rate() handles it.
    /// </summary>
    public void SetTotal(double total)
    {
        if (!(total >= 0) || double.IsInfinity(total))
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "A counter total is finite and non-negative.");
        }

        Interlocked.Exchange(ref _value, total);
    }
}
