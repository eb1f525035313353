using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Files;
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
    public string ReadyFile(string proxyName) => Path.Combine(options.ProxyDir, CheckedFileName(proxyName) + ".ready");

    public string LogFile(string proxyName) => Path.Combine(options.ProxyDir, CheckedFileName(proxyName) + ".log");

    /// <summary>Where the worker keeps its connection counts (see <see cref="ProxyStatsPublisher"/>).</summary>
    public string StatsFile(string proxyName) => Path.Combine(options.ProxyDir, CheckedFileName(proxyName) + ".stats");

    public async Task<ProxyRecord> StartAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        if (proxy.Socks is null && proxy.Http is null)
        {
            throw new ArgumentException($"proxy '{proxy.Name}' has neither a SOCKS nor an HTTP listener", nameof(proxy));
        }

        var ready = ReadyFile(proxy.Name);
        var log = LogFile(proxy.Name);

        // A worker no record names (a crash between start and record, a lost record) would hold
        // the ports this one needs: it carries our ready-file path, so it is ours to stop.
        await new HelperStart(options, launcher, logger)
            .PrepareAsync(tunnel, "proxy", proxy.Name, ready, argv => OrphanProcesses.IsWorkerFor(argv, ready), cancellationToken).ConfigureAwait(false);

        // The tunnel's DNS servers, as tunmux wrote them for the namespace: the worker resolves through
        // them only, never through the host's resolver (none: names fail, they never leak).
        var dns = ResolvConf.ReadServers(options.Paths, tunnel.Namespace);
        var argv = ProxyWorkerCommand.Build(options.ProxyWorkerArgv, proxy, host.NamespacePath, ready, StatsFile(proxy.Name), dns);
        var logStart = LogTail.Length(log);
        var process = launcher.Start(argv, log, tunnel.Namespace, ProxyRuntimeSettings.Environment);
        await new StartupWait($"proxy '{proxy.Name}'", "listening", ready, log, logStart, options.ProxyReadyTimeout)
            .UntilReadyAsync(launcher, process, options.StopGrace, cancellationToken).ConfigureAwait(false);

        LinuxLog.ProxyStarted(logger, proxy.Name, process.Pid, tunnel.Namespace);
        return new ProxyRecord(proxy.Name, proxy.TunnelRef, proxy.Socks?.ToString(), proxy.Http?.ToString(), proxy.SpecHash, process, time.GetUtcNow());
    }

    /// <summary>
    /// SIGTERM lets the worker drain; with <paramref name="cutConnections"/>, <see cref="ProxyWorkerSignals.Cut"/>
    /// makes it cut its connections and end at once. SIGKILL follows the grace either way.
    /// </summary>
    public async Task StopAsync(ProxyRecord record, bool cutConnections, CancellationToken cancellationToken)
    {
        await (cutConnections
            ? launcher.StopWithAsync(record.Process, ProxyWorkerSignals.Cut, options.StopGrace, cancellationToken)
            : launcher.StopAsync(record.Process, options.StopGrace, cancellationToken)).ConfigureAwait(false);
        File.Delete(ReadyFile(record.Name));
        File.Delete(StatsFile(record.Name));
        LinuxLog.ProxyStopped(logger, record.Name, record.Process.Pid);
    }

    /// <summary>
    /// The counts the record's worker published. Counts written by another process (an earlier
    /// worker, before this one wrote its first) are not this worker's and read as none.
    /// </summary>
    public ProxyConnectionCounts? ReadConnections(ProxyRecord record)
    {
        string text;
        try
        {
            text = StateFile.ReadText(StatsFile(record.Name), maxBytes: 4096);
        }
        catch (IOException)
        {
            return null;
        }

        if (ProxyStats.Parse(text) is not { } stats || stats.Pid != record.Process.Pid)
        {
            return null;
        }

        // A worker killed mid-connection leaves its last file behind; its connections died with it.
        var active = launcher.IsAlive(record.Process) ? stats.Active : 0;
        return new ProxyConnectionCounts(record.Process, active, stats.Total);
    }

    /// <summary>Proxy names become file names; a name that could climb out of the folder is refused.</summary>
    private static string CheckedFileName(string name) =>
        name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\0']) >= 0
            ? throw new ArgumentException($"proxy name '{name}' cannot be used as a file name", nameof(name))
            : name;
}
