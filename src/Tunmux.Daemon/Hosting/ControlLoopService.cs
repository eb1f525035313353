using Microsoft.Extensions.Hosting;
using Tunmux.Runtime.Controller;

namespace Tunmux.Daemon.Hosting;

/// <summary>
/// Hosts the control loop for the daemon's lifetime; a loop that fails stops the host.
/// <paramref name="beforeStart"/> is awaited first: a source that needs its first full observation
/// (the Kubernetes watches) holds the loop back, so nothing unseen yet is taken for deleted.
/// </summary>
public sealed class ControlLoopService(ControlLoop loop, Func<CancellationToken, Task>? beforeStart = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (beforeStart is not null)
        {
            try
            {
                await beforeStart(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        await loop.StartAsync(stoppingToken).ConfigureAwait(false);
        await loop.Completion.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await loop.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
