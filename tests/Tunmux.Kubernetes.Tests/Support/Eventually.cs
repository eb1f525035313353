using System.Diagnostics;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task ThatAsync(Func<bool> condition, string what) => await ThatAsync(() => Task.FromResult(condition()), what);

    public static async Task ThatAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(20);
        }
    }
}
