using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// Exponential backoff with a cap and deterministic jitter. The delay after the n-th consecutive
/// failure is <c>min(Initial * Multiplier^(n-1), Max)</c>, shortened by up to <see cref="JitterRatio"/>
/// of itself. The jitter comes from a hash of <see cref="JitterSeed"/> and n, so the same tunnel
/// and attempt always wait the same time (tests are exact) while different tunnels spread out
/// instead of retrying in step. A success resets the count to zero, which the states do.
/// </summary>
public sealed record Backoff
{
    public Backoff(TimeSpan initial, TimeSpan max, double multiplier = 2.0, double jitterRatio = 0.2, string jitterSeed = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterRatio, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitterRatio, 1.0);
        ArgumentNullException.ThrowIfNull(jitterSeed);
        Initial = initial;
        Max = max;
        Multiplier = multiplier;
        JitterRatio = jitterRatio;
        JitterSeed = jitterSeed;
    }

    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public double Multiplier { get; }

    /// <summary>The largest fraction the jitter takes off a delay; 0 turns jitter off.</summary>
    public double JitterRatio { get; }

    public string JitterSeed { get; init; }

    /// <summary>The delay after <paramref name="failures"/> consecutive failures; zero when there were none.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Work in doubles so that a long run of failures saturates at Max instead of overflowing.
        var grown = Initial.Ticks * Math.Pow(Multiplier, failures - 1);
        var capped = (long)Math.Min(grown, Max.Ticks);
        var cut = (long)(capped * JitterRatio * Sample(failures));
        return TimeSpan.FromTicks(capped - cut);
    }

    /// <summary>When to retry after <paramref name="failures"/> consecutive failures, the last one at <paramref name="now"/>.</summary>
    public DateTimeOffset NextRetryAt(int failures, DateTimeOffset now) => now + DelayAfter(failures);

    /// <summary>A number in [0, 1) fixed by the seed and the attempt.</summary>
    private double Sample(int failures)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{JitterSeed}\n{failures}"));
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
