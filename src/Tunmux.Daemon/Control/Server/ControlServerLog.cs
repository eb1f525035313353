using Microsoft.Extensions.Logging;

namespace Tunmux.Daemon.Control.Server;

/// <summary>Every log line of the control socket. Fields are paths, ids and request kinds; never request bodies.</summary>
internal static partial class ControlServerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Control socket listening on {Path} (mode {Mode}, group {Group})")]
    public static partial void Listening(ILogger logger, string path, string mode, string group);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Control socket inherited from systemd (fd {Fd})")]
    public static partial void UsingInheritedSocket(ILogger logger, int fd);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Removed stale control socket {Path}")]
    public static partial void RemovedStaleSocket(ILogger logger, string path);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Cannot give control socket {Path} to group {Group}: {Error}; its members will not be able to connect")]
    public static partial void CannotSetGroup(ILogger logger, string path, string group, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Refused control connection from pid {Pid} uid {Uid} gid {Gid}: {Reason}")]
    public static partial void Refused(ILogger logger, int pid, uint uid, uint gid, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Control connection from pid {Pid} uid {Uid} allowed ({Reason})")]
    public static partial void Allowed(ILogger logger, int pid, uint uid, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Cannot read the peer credentials of a control connection; refusing it")]
    public static partial void CredentialsUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Control request '{Kind}' from uid {Uid} failed")]
    public static partial void HandlerFailed(ILogger logger, string kind, uint uid, Exception exception);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Control request line from pid {Pid} exceeds {Limit} bytes; closing the connection")]
    public static partial void LineTooLong(ILogger logger, int pid, int limit);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Control connection ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string reason);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Accepting a control connection failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Control socket stopped")]
    public static partial void Stopped(ILogger logger);
}
