using Microsoft.Extensions.Logging;

namespace Tunmux.Linux.Direct;

/// <summary>Direct mode's log events (ids 9101-9119).</summary>
internal static partial class DirectLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Kill switch {Action} ({Rules} rules in inet tunmux)")]
    public static partial void FirewallApplied(ILogger logger, string action, int rules);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Kill switch drift: {Finding}; applying the table again")]
    public static partial void FirewallDrift(ILogger logger, string finding);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Critical, Message = "The kill switch could not be applied, so the direct tunnel is not brought up: {Error}")]
    public static partial void BlockFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Information, Message = "Direct tunnel {Tunnel} is up on {Interface} ({Backend})")]
    public static partial void TunnelUp(ILogger logger, string tunnel, string @interface, string backend);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "Direct tunnel {Tunnel} on {Interface} removed")]
    public static partial void TunnelDown(ILogger logger, string tunnel, string @interface);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Critical, Message = "The direct-mode state {Path} names objects tunmux does not own; nothing it names is touched: {Problem}")]
    public static partial void StateRefused(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Error, Message = "Direct tunnel {Tunnel} could not be brought up (the block holds): {Error}")]
    public static partial void TunnelFailed(ILogger logger, string tunnel, string error);
}
