namespace Tunmux.Linux.Proxy;

/// <summary>
/// How a proxy worker is told to end. SIGTERM: drain (open connections may finish for the grace).
/// <see cref="Cut"/> (SIGUSR2): its tunnel is going away, so cut every connection and end at once.
/// Not SIGINT: a daemon started as a background job of a script has SIGINT ignored, its workers
/// inherit that, and the runtime never handles a signal ignored at start.
/// </summary>
public static class ProxyWorkerSignals
{
    /// <summary>SIGUSR2 on Linux. A worker from before it was handled dies of its default action, just as fast.</summary>
    public const int Cut = 12;
}
