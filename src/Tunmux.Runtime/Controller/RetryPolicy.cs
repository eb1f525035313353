namespace Tunmux.Runtime.Controller;

/// <summary>Exponential backoff for failed keys: 1 s, 2 s, 4 s ... capped, so a broken exit never spins.</summary>
public static class RetryPolicy
{
    public static TimeSpan Delay(int failures, TimeSpan? cap = null)
    {
        var limit = cap ?? TimeSpan.FromMinutes(2);
        var seconds = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, limit.TotalSeconds));
    }
}
