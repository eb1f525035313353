using System.Diagnostics;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep.</summary>
public static class Eventually
{
    /// <param name="poll">How often to look; 50 ms unless a test must act the moment the condition holds.</param>
    public static async Task<TimeSpan> ThatAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }

        return clock.Elapsed;
    }
}
