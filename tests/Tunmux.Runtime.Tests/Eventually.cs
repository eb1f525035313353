using System.Diagnostics;

namespace Tunmux.Runtime.Tests;

/// <summary>Waits for a condition instead of sleeping: polls it until it holds, and fails the test when it never does.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <param name="nudge">Run before each new look, for a condition that needs a push (a trigger, a clock step) to come about.</param>
    public static async Task ThatAsync(Func<bool> condition, string what, Action? nudge = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(Patience, $"waiting for {what}");
            nudge?.Invoke();
            await Task.Delay(20);
        }
    }
}
