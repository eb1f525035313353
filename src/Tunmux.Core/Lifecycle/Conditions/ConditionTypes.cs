namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>The condition types a tunnel reports.</summary>
public static class ConditionTypes
{
    /// <summary>The tunnel is up and every proxy on it listens: clients can use it.</summary>
    public const string Ready = "Ready";

    /// <summary>The tunnel has a recent handshake.</summary>
    public const string TunnelUp = "TunnelUp";

    /// <summary>Every proxy on the tunnel listens. Absent when the tunnel has no proxies.</summary>
    public const string ProxyListening = "ProxyListening";

    /// <summary>Something is wrong and recovery is under way (or blocked).</summary>
    public const string Degraded = "Degraded";
}
