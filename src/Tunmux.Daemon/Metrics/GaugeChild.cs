namespace Tunmux.Daemon.Metrics;

/// <summary>One labelled series of a gauge: a value set directly, or a function read at scrape time.</summary>
public sealed class GaugeChild
{
    private double _value;
    private Func<double>? _function;

    /// <summary>The current value; evaluates the function when one is set.</summary>
    public double Value => Volatile.Read(ref _function) is { } function ? function() : Volatile.Read(ref _value);

    public void Set(double value)
    {
        Volatile.Write(ref _function, null);
        Interlocked.Exchange(ref _value, value);
    }

    /// <summary>Adjusts the stored value (not seen while a function is set).</summary>
    public void Increment(double amount = 1) => AtomicDouble.Add(ref _value, amount);

    /// <summary>Adjusts the stored value (not seen while a function is set).</summary>
    public void Decrement(double amount = 1) => AtomicDouble.Add(ref _value, -amount);

    /// <summary>
    /// Makes the gauge report whatever <paramref name="function"/> returns at scrape time (e.g. an
    /// age computed from a timestamp). It runs on the scraping thread, so it must be quick and
    /// thread-safe. A later <see cref="Set"/> replaces it.
    /// </summary>
    public void SetFunction(Func<double> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        Volatile.Write(ref _function, function);
    }
}
