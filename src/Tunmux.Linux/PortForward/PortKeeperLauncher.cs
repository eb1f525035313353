using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Processes;
using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.PortForward;

/// <summary>
/// Starts a tunnel's port keeper inside the tunnel's namespace, where the NAT-PMP gateway is
/// reached through the tunnel, and waits for its first report (its state file), so a returned
/// record means a running keeper. Mapping failures are the keeper's to retry and report; only a
/// keeper that cannot run fails the start.
/// </summary>
internal sealed class PortKeeperLauncher(LinuxDriverOptions options, IProcessLauncher launcher, TimeProvider time, ILogger logger)
{
    public string StateFile(string tunnel) => RunFiles.Path(options.PortForwardDir, "tunnel", tunnel, ".json");

    public string LogFile(string tunnel) => RunFiles.Path(options.PortForwardDir, "tunnel", tunnel, ".log");

    public async Task<PortForwardRecord> StartAsync(DesiredPortForward keeper, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        var state = StateFile(keeper.Tunnel);
        var log = LogFile(keeper.Tunnel);

        // A keeper no record names would keep renewing and running the hook beside the new one:
        // it carries our state-file path, so it is ours to stop. The new keeper's first report
        // in that file is its ready signal.
        await new HelperStart(options, launcher, logger)
            .PrepareAsync(tunnel, "port keeper", keeper.Tunnel, state, argv => OrphanProcesses.IsPortKeeperFor(argv, state), cancellationToken).ConfigureAwait(false);

        var argv = PortKeeperCommand.Build(options.PortKeeperArgv, keeper, state, options.PortForwardGateway);
        var logStart = LogTail.Length(log);
        var process = launcher.Start(argv, log, tunnel.Namespace, null);
        await new StartupWait($"port keeper '{keeper.Tunnel}'", "running", state, log, logStart, options.PortKeeperReadyTimeout)
            .UntilReadyAsync(launcher, process, options.StopGrace, cancellationToken).ConfigureAwait(false);

        LinuxLog.PortKeeperStarted(logger, keeper.Tunnel, process.Pid, tunnel.Namespace);
        return new PortForwardRecord(keeper.Tunnel, keeper.SpecHash, process, state, time.GetUtcNow());
    }

    /// <param name="releaseMapping">
    /// The port is no longer wanted: the keeper is told so (<see cref="KeeperSignals.Release"/>) and
    /// deletes its mapping at the gateway before it ends, within <see cref="KeeperSignals.ReleaseBudget"/>
    /// (added to the grace, so an unreachable gateway delays the teardown by that much at most).
    /// Otherwise (a replace) SIGTERM: the keeper ends and its mapping is left for the next keeper.
    /// </param>
    public async Task StopAsync(PortForwardRecord record, bool releaseMapping, CancellationToken cancellationToken)
    {
        if (releaseMapping)
        {
            await launcher.StopWithAsync(record.Process, KeeperSignals.Release, options.StopGrace + KeeperSignals.ReleaseBudget, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await launcher.StopAsync(record.Process, options.StopGrace, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(record.StateFile);
        LinuxLog.PortKeeperStopped(logger, record.Name, record.Process.Pid);
    }

    public static ForwardedPortState? Read(PortForwardRecord record) => PortForwardStateFile.Read(record.StateFile);
}
