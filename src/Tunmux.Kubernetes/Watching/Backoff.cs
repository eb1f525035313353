namespace Tunmux.Kubernetes.Watching;

/// <summary>
/// Reconnect delays: doubling from <c>initial</c> up to <c>max</c>, each drawn at random from the
/// upper half of its step ("equal jitter"), so agents on many nodes that lost the API server at the
/// same moment do not come back at the same moment.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public TimeSpan Next()
    {
        var step = initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30));
        var ceiling = Math.Min(step, max.TotalMilliseconds);
        _attempt++;
        return TimeSpan.FromMilliseconds((ceiling / 2) + (_random.NextDouble() * ceiling / 2));
    }

    public void Reset() => _attempt = 0;
}
