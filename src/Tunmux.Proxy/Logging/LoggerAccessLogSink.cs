using Tunmux.Proxy.Connections;
using Microsoft.Extensions.Logging;

namespace Tunmux.Proxy.Logging;

/// <summary>The default access log: a structured Information event on its own category.</summary>
internal sealed partial class LoggerAccessLogSink(ILogger logger) : IAccessLogSink
{
    public void Write(AccessLogEntry entry) =>
        Log(logger, entry.Proxy, entry.Client, entry.Protocol, entry.Target ?? "-", entry.BytesUp, entry.BytesDown,
            (long)entry.Duration.TotalMilliseconds, entry.Result.Text(), entry.Detail ?? "-");

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "access proxy={Proxy} client={Client} protocol={Protocol} target={Target} up={BytesUp} down={BytesDown} ms={DurationMs} result={Result} detail={Detail}")]
    private static partial void Log(ILogger logger, string proxy, string client, string protocol, string target,
        long bytesUp, long bytesDown, long durationMs, string result, string detail);
}
