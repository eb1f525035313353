namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or the deadline passes (never a fixed sleep).</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="read"/> stops changing for <paramref name="quiet"/>, and returns its value.</summary>
    public static async Task<long> UntilStableAsync(Func<long> read, TimeSpan quiet, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        var last = read();
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < quiet)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what} settles");
            }

            await Task.Delay(10);
            var now = read();
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
        }

        return last;
    }

    /// <summary>Awaits a task with a deadline, so a hang fails the test instead of stalling the run.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) =>
        await task.WaitAsync(timeout ?? Default);

    public static async Task Within(this Task task, TimeSpan? timeout = null) =>
        await task.WaitAsync(timeout ?? Default);
}
