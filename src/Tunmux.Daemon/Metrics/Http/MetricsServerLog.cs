using Microsoft.Extensions.Logging;

namespace Tunmux.Daemon.Metrics.Http;

internal static partial class MetricsServerLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Metrics served at http://{EndPoint}/metrics")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Metrics connection ended early: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Collecting metrics failed")]
    public static partial void RenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Metrics endpoint stopped")]
    public static partial void Stopped(ILogger logger);
}
