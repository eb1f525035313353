using System.Collections;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// .NET runtime settings every proxy process runs with, whoever starts it (the daemon's launcher,
/// `proxy serve`, or a worker that finds them missing and re-executes itself). Each was measured
/// with bench/proxy.sh on 2 cores shared by client, origin and proxy (bench/README.md):
/// <list type="bullet">
/// <item>Socket continuations run inline on the event thread instead of hopping to the thread pool;
/// the engine never blocks there (splice and pipe reads are non-blocking, name resolution is async).</item>
/// <item>One event thread: a connection's accept, handshake, connect and relay all run on it, with no
/// hand-off between threads (CPU per new connection about 30 % lower than with one per core).</item>
/// <item>Idle thread-pool threads sleep at once instead of spinning, which stole CPU from the relay.</item>
/// </list>
/// A value the caller already set wins, so each can still be overridden from the environment.
/// </summary>
public static class ProxyRuntimeSettings
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
        ["DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"] = "1",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    /// <summary>The settings not present in <paramref name="environment"/> (variable name to value).</summary>
    public static IReadOnlyDictionary<string, string> Missing(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Environment.Where(setting => !environment.Contains(setting.Key))
            .ToDictionary(setting => setting.Key, setting => setting.Value, StringComparer.Ordinal);
    }
}
