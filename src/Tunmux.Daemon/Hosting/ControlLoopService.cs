using Microsoft.Extensions.Hosting;
using Tunmux.Runtime.Controller;

namespace Tunmux.Daemon.Hosting;

/// <summary>Hosts the control loop for the daemon's lifetime; a loop that fails stops the host.</summary>
public sealed class ControlLoopService(ControlLoop loop) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loop.StartAsync(stoppingToken).ConfigureAwait(false);
        await loop.Completion.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await loop.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
