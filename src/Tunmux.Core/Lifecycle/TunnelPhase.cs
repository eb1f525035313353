namespace Tunmux.Core.Lifecycle;

/// <summary>The name of the state a tunnel is in, for status output and history.</summary>
public enum TunnelPhase
{
    Pending,
    Connecting,
    Connected,
    Degraded,
    Reconnecting,
    FailingOver,
    Blocked,
    Deleting,
}
