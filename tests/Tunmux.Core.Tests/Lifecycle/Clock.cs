namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Fixed instants for tests: T(5) is five seconds after a fixed origin. No test reads the real clock.</summary>
internal static class Clock
{
    public static DateTimeOffset Origin { get; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset T(double seconds) => Origin.AddSeconds(seconds);
}
