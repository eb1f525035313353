using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Runtime.Controller;
using Tunmux.Daemon.Systemd;

namespace Tunmux.Daemon.Hosting;

/// <summary>
/// Tells systemd the daemon is ready once every exit has been observed (and repaired or
/// adopted) once, and pings the watchdog when systemd asked for one.
/// </summary>
public sealed partial class SystemdService(ControlLoop controller, SdNotify notify, ILogger<SystemdService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await controller.FirstRound.WaitAsync(stoppingToken).ConfigureAwait(false);
        LogReady(logger, controller.Status.Count);
        notify.Send($"READY=1\nSTATUS=reconciling {controller.Status.Count} keys");
        if (notify.WatchdogPingInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            notify.Send("WATCHDOG=1");
        }
    }

    [LoggerMessage(1101, LogLevel.Information, "first reconcile round done ({Keys} keys); ready")]
    private static partial void LogReady(ILogger logger, int keys);
}
