using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Core.State;

namespace Tunmux.Daemon.Autostop;

/// <summary>Stops an autostarted helper when <see cref="HelperLeases"/> says so; the exits it built stay up, as on any stop.</summary>
public sealed partial class AutostopService(
    HelperLeases leases, Func<ProcessRef, bool> isAlive, IHostApplicationLifetime lifetime, ILogger<AutostopService> logger, TimeProvider time) : BackgroundService
{
    /// <summary>Often enough that a helper stops soon after its last command, rarely enough to cost nothing.</summary>
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (leases.ShouldStop(isAlive))
            {
                LogStopping(logger, leases.Mode.ToString().ToLowerInvariant());
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "autostarted helper stopping (autostop mode {Mode})")]
    private static partial void LogStopping(ILogger logger, string mode);
}
