namespace Tunmux.Core.Lifecycle;

public enum HealthStatus
{
    /// <summary>A recent handshake: the tunnel carries traffic.</summary>
    Healthy,

    /// <summary>No recent handshake yet, but still inside the grace period.</summary>
    Waiting,

    /// <summary>No recent handshake: recover by reconnecting or failing over.</summary>
    Unhealthy,

    /// <summary>Parts are missing (namespace, interface, process, route): only a rebuild helps.</summary>
    Broken,
}
