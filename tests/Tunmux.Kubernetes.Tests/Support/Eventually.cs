using System.Diagnostics;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task ThatAsync(Func<bool> condition, string what, Func<string>? explain = null) => await ThatAsync(() => Task.FromResult(condition()), what, explain);

    public static async Task ThatAsync(Func<Task<bool>> condition, string what, Func<string>? explain = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds:0} s for {what}{(explain is null ? "" : $" ({explain()})")}");
            }

            await Task.Delay(20);
        }
    }
}
