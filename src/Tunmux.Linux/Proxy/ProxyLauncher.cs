using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// Starts a proxy worker inside its tunnel's namespace and waits until it says it listens
/// (its ready file), so a returned record means working listeners.
/// </summary>
internal sealed class ProxyLauncher(LinuxDriverOptions options, HostScope host, IProcessLauncher launcher, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public string ReadyFile(string proxyName) => Path.Combine(options.ProxyDir, CheckedFileName(proxyName) + ".ready");

    public string LogFile(string proxyName) => Path.Combine(options.ProxyDir, CheckedFileName(proxyName) + ".log");

    public async Task<ProxyRecord> StartAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        if (proxy.Socks is null && proxy.Http is null)
        {
            throw new ArgumentException($"proxy '{proxy.Name}' has neither a SOCKS nor an HTTP listener", nameof(proxy));
        }

        if (!options.Paths.NamespaceExists(tunnel.Namespace))
        {
            throw new InvalidOperationException($"proxy '{proxy.Name}': tunnel namespace {tunnel.Namespace} does not exist");
        }

        var ready = ReadyFile(proxy.Name);
        var log = LogFile(proxy.Name);
        Directory.CreateDirectory(options.ProxyDir);

        // A worker no record names (a crash between start and record, a lost record) would hold
        // the ports this one needs: it carries our ready-file path, so it is ours to stop.
        foreach (var orphan in OrphanProcesses.Find(argv => OrphanProcesses.IsWorkerFor(argv, ready)))
        {
            LinuxLog.OrphanStopped(logger, "proxy worker", proxy.Name, orphan.Pid);
            await launcher.StopAsync(orphan, options.StopGrace, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(ready);

        var argv = ProxyWorkerCommand.Build(options.SelfCommand, proxy, host.NamespacePath, ready);
        var logStart = LogTail.Length(log);
        var process = launcher.Start(argv, log, tunnel.Namespace, ProxyRuntimeSettings.Environment);

        try
        {
            await WaitUntilReadyAsync(proxy.Name, ready, process, log, logStart, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not listening (dead, too slow, or cancelled): no record will name this process, so it must not outlive the failure.
            await launcher.StopAsync(process, options.StopGrace, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LinuxLog.ProxyStarted(logger, proxy.Name, process.Pid, tunnel.Namespace);
        return new ProxyRecord(proxy.Name, proxy.TunnelRef, proxy.Socks?.ToString(), proxy.Http?.ToString(), proxy.SpecHash, process, time.GetUtcNow());
    }

    private async Task WaitUntilReadyAsync(string name, string ready, ProcessRef process, string log, long logStart, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.ProxyReadyTimeout;
        while (!File.Exists(ready))
        {
            if (!launcher.IsAlive(process))
            {
                throw new InvalidOperationException($"proxy '{name}' exited before it was listening{LogTail.Describe(log, logStart)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"proxy '{name}' was not listening within {options.ProxyReadyTimeout.TotalSeconds:0.#} s, so it was stopped{LogTail.Describe(log, logStart)}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false); // polling a condition with a deadline
        }
    }

    public async Task StopAsync(ProxyRecord record, CancellationToken cancellationToken)
    {
        await launcher.StopAsync(record.Process, options.StopGrace, cancellationToken).ConfigureAwait(false);
        File.Delete(ReadyFile(record.Name));
        LinuxLog.ProxyStopped(logger, record.Name, record.Process.Pid);
    }

    /// <summary>Proxy names become file names; a name that could climb out of the folder is refused.</summary>
    private static string CheckedFileName(string name) =>
        name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\0']) >= 0
            ? throw new ArgumentException($"proxy name '{name}' cannot be used as a file name", nameof(name))
            : name;
}
