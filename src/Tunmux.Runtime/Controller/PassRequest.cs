using Tunmux.Core.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>What a key's lifecycle wants of its next full pass beside the spec.</summary>
/// <param name="ActivePeer">The peer the tunnel should use; null keeps the recorded one.</param>
/// <param name="Recovery">A recovery step (reconnect, failover, server change) for the planner; null when none.</param>
public sealed record PassRequest(int? ActivePeer, TunnelRecovery? Recovery)
{
    public static PassRequest None { get; } = new(null, null);
}
