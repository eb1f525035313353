using Microsoft.Extensions.Logging;

namespace Tunmux.Linux.Logging;

/// <summary>Every log line of the Linux host layer. Fields are names, paths and PIDs; never keys or tool output.</summary>
internal static partial class LinuxLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Running {Command}")]
    public static partial void RunningCommand(ILogger logger, string command);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "{Command} exited {ExitCode}")]
    public static partial void CommandExited(ILogger logger, string command, int exitCode);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Tunnel {Tunnel}: {Step}")]
    public static partial void TunnelStep(ILogger logger, string tunnel, string step);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Tunnel {Tunnel} built: namespace {Namespace}, interface {Interface}, backend {Backend}")]
    public static partial void TunnelCreated(ILogger logger, string tunnel, string @namespace, string @interface, string backend);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Tunnel {Tunnel}: {Step} failed; removing what was built")]
    public static partial void RollingBack(ILogger logger, string tunnel, string step);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Undo step '{Undo}' failed: {Error}")]
    public static partial void UndoFailed(ILogger logger, string undo, string error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Tunnel {Tunnel} removed (namespace {Namespace})")]
    public static partial void TunnelDeleted(ILogger logger, string tunnel, string @namespace);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Removing tunnel {Tunnel}: {Step} failed: {Error}")]
    public static partial void TeardownStepFailed(ILogger logger, string tunnel, string step, string error);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Removed stale {What} {Name}")]
    public static partial void StaleRemoved(ILogger logger, string what, string name);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Removed orphan namespace {Namespace}")]
    public static partial void OrphanDeleted(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "Removed interface {Interface} ({Kind}) that a build left in the host namespace")]
    public static partial void OrphanInterfaceDeleted(ILogger logger, string @interface, string kind);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Information, Message = "Left interface {Interface} alone: {Reason}")]
    public static partial void OrphanInterfaceKept(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Debug, Message = "wireguard-go for {Interface} is running (pid {Pid})")]
    public static partial void WireGuardGoStarted(ILogger logger, string @interface, int pid);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Debug, Message = "Stopping pid {Pid}, left in namespace {Namespace}")]
    public static partial void StoppingProcessInNamespace(ILogger logger, int pid, string @namespace);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Proxy {Proxy} listening (pid {Pid}, namespace {Namespace})")]
    public static partial void ProxyStarted(ILogger logger, string proxy, int pid, string @namespace);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "Proxy {Proxy} stopped (pid {Pid})")]
    public static partial void ProxyStopped(ILogger logger, string proxy, int pid);

    [LoggerMessage(EventId = 2035, Level = LogLevel.Information, Message = "Port keeper for {Tunnel} running (pid {Pid}, namespace {Namespace})")]
    public static partial void PortKeeperStarted(ILogger logger, string tunnel, int pid, string @namespace);

    [LoggerMessage(EventId = 2036, Level = LogLevel.Information, Message = "Port keeper for {Tunnel} stopped (pid {Pid})")]
    public static partial void PortKeeperStopped(ILogger logger, string tunnel, int pid);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Warning, Message = "Stopping orphaned {What} for {Name} (pid {Pid}): no record names it")]
    public static partial void OrphanStopped(ILogger logger, string what, string name, int pid);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "Tunnel {Tunnel}: peer {Peer} configured at {Endpoint}; prompting a new handshake")]
    public static partial void PeerSwitched(ILogger logger, string tunnel, int peer, string endpoint);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Debug, Message = "Tunnel {Tunnel}: prompting a handshake failed: {Error}")]
    public static partial void NudgeFailed(ILogger logger, string tunnel, string error);
}
