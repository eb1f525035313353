using System.Net;
using Microsoft.Extensions.Logging;

namespace Tunmux.Proxy.Logging;

internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Proxy {Proxy} serving {SocksTcp} SOCKS, {SocksUdp} UDP and {HttpTcp} HTTP listeners (relay: {Relay})")]
    public static partial void Started(ILogger logger, string proxy, int socksTcp, int socksUdp, int httpTcp, string relay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Proxy {Proxy} stopping; draining {Active} connections for up to {GraceMs} ms")]
    public static partial void Draining(ILogger logger, string proxy, int active, long graceMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Proxy {Proxy} cut {Active} connections still open after the drain grace period")]
    public static partial void DrainCut(ILogger logger, string proxy, int active);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Proxy {Proxy} stopped")]
    public static partial void Stopped(ILogger logger, string proxy);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Proxy {Proxy} at its limit of {Limit} connections; closed a new one from {Client}")]
    public static partial void OverLimit(ILogger logger, string proxy, int limit, EndPoint? client);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Proxy {Proxy} accept failed on {Listener}")]
    public static partial void AcceptFailed(ILogger logger, string proxy, EndPoint? listener, Exception exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Connection from {Client} ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Connection from {Client} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? client, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "splice(2) is unavailable ({Reason}); using the managed relay")]
    public static partial void SpliceUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "UDP relay on {Listener} failed to receive")]
    public static partial void UdpReceiveFailed(ILogger logger, EndPoint? listener, Exception exception);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "UDP datagram from {Client} dropped: {Reason}")]
    public static partial void UdpDropped(ILogger logger, EndPoint? client, string reason);
}
