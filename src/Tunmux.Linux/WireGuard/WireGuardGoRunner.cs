using Microsoft.Extensions.Logging;
using Tunmux.Core.State;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Processes;
using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// Runs wireguard-go for one interface in the host namespace: detached, in the foreground
/// (so the PID we record is the daemon's), logging to RunDir/wireguard/IF.log. Ready means
/// its control socket accepts a connection: the file appears at bind(), a moment before
/// listen(), and a `wg` run in between is refused, unlinks the file as stale and falls back
/// to kernel WireGuard ("Protocol not supported"), while wireguard-go, its socket gone,
/// exits with "Failed to listen on uapi socket".
/// </summary>
internal sealed class WireGuardGoRunner(LinuxDriverOptions options, IProcessLauncher launcher, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task<ProcessRef> StartAsync(string iface, CancellationToken cancellationToken)
    {
        var socket = options.Paths.WireGuardSocket(iface);

        // A wireguard-go for our own prefixed interface name with no record behind it was left
        // by a crash part-way through a build: stop it, which also frees its socket and device.
        foreach (var orphan in OrphanProcesses.Find(argv => OrphanProcesses.IsWireGuardGoFor(argv, iface)))
        {
            LinuxLog.OrphanStopped(logger, "wireguard-go", iface, orphan.Pid);
            await StopAsync(orphan, iface, cancellationToken).ConfigureAwait(false);
        }

        if (!UapiSocket.RemoveIfStale(socket))
        {
            throw new InvalidOperationException($"a running wireguard-go already serves {iface} ({socket}); it was not started by this tunnel");
        }

        var log = Path.Combine(options.WireGuardLogDir, iface + ".log");
        var logStart = LogTail.Length(log);
        var environment = new Dictionary<string, string> { ["WG_PROCESS_FOREGROUND"] = "1" };
        var process = launcher.Start([options.WireGuardGoPath, "-f", iface], log, options.HostNamespace, environment);

        try
        {
            await WaitForSocketAsync(iface, socket, process, log, logStart, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not ready (dead, too slow, or cancelled): the caller never sees this process, so it must not outlive the failure.
            await launcher.StopAsync(process, options.StopGrace, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LinuxLog.WireGuardGoStarted(logger, iface, process.Pid);
        return process;
    }

    private async Task WaitForSocketAsync(string iface, string socket, ProcessRef process, string log, long logStart, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.WireGuardReadyTimeout;
        while (!UapiSocket.IsLive(socket))
        {
            if (!launcher.IsAlive(process))
            {
                throw new InvalidOperationException($"wireguard-go exited before creating {iface}{LogTail.Describe(log, logStart)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"wireguard-go did not accept connections on {socket} within {options.WireGuardReadyTimeout.TotalSeconds:0.#} s{LogTail.Describe(log, logStart)}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false); // polling a condition with a deadline
        }
    }

    /// <summary>Stops the daemon (its interface goes with it) and removes its socket if it left one.</summary>
    public async Task StopAsync(ProcessRef process, string iface, CancellationToken cancellationToken)
    {
        await launcher.StopAsync(process, options.StopGrace, cancellationToken).ConfigureAwait(false);
        UapiSocket.RemoveIfStale(options.Paths.WireGuardSocket(iface));
    }
}
