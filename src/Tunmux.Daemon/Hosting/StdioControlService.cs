using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Server;

namespace Tunmux.Daemon.Hosting;

/// <summary>
/// privileged_transport = "stdio": one command's helper, started by that command through sudo,
/// answers the control protocol on its standard input and output (no socket is made) and stops
/// when the command closes its end. sudo's policy was the authorization; <paramref name="peer"/>
/// is the user sudo ran it for.
/// </summary>
public sealed partial class StdioControlService(
    Stream input, Stream output, IControlHandler handler, PeerCredentials peer, IHostApplicationLifetime lifetime, ILogger<StdioControlService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ControlSession.ServeAsync(input, output, handler, peer, logger: logger, cancellationToken: stoppingToken).ConfigureAwait(false);
            LogEnded(logger, peer.Uid);
        }
        catch (IOException e)
        {
            // The command went away mid-line: nothing to answer any more.
            LogBroken(logger, e.Message);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 8111, Level = LogLevel.Information, Message = "stdio helper: the command (uid {Uid}) closed its end; stopping")]
    private static partial void LogEnded(ILogger logger, uint uid);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "stdio helper: the command's pipe broke ({Reason}); stopping")]
    private static partial void LogBroken(ILogger logger, string reason);
}
