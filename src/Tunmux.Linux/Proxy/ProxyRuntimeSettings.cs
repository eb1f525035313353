using System.Collections;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// .NET runtime settings every proxy process runs with, whoever starts it (the daemon's launcher,
/// `proxy serve`, or a worker that finds them missing and re-executes itself). Each was measured
/// with bench/proxy.sh on 2 cores shared by client, origin and proxy (bench/README.md):
/// <list type="bullet">
/// <item>Socket continuations run inline on the event thread instead of hopping to the thread pool;
/// the engine never blocks there (splice and pipe reads are non-blocking, name resolution is async).</item>
/// <item>The socket event threads are left at the runtime's default with inline completions: one per
/// core, as haproxy runs one thread per core. A single event thread cost about 30 % less CPU per new
/// connection on a quiet machine, but on a busy one the scheduler shares CPU out per thread: under
/// load 33 one thread relayed 5,640 new SOCKS5 connections in 4 s, two 6,125 (haproxy 6,368), at the
/// same 124 µs of CPU per connection (bench/README.md).</item>
/// <item>Idle thread-pool threads sleep at once instead of spinning, which stole CPU from the relay.</item>
/// </list>
/// A value the caller already set wins, so each can still be overridden from the environment.
/// </summary>
public static class ProxyRuntimeSettings
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
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
