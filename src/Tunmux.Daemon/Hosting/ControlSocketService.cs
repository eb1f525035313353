using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Server;

namespace Tunmux.Daemon.Hosting;

/// <summary>Serves the control socket for the daemon's lifetime.</summary>
public sealed class ControlSocketService(DaemonOptions options, IControlHandler handler, ILogger<ControlSocketService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var server = await ControlServer.ListenAsync(
            new ControlServerOptions { SocketPath = options.SocketPath, Group = options.Group },
            handler,
            logger: logger,
            cancellationToken: stoppingToken).ConfigureAwait(false);
        await server.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
