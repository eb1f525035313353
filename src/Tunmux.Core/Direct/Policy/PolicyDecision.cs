using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Direct.Policy;

/// <summary>
/// Derives the policy in force from what is declared, the direct tunnel's lifecycle phase and
/// whether the last attempt to apply the block worked. Pure: the daemon calls it every pass and
/// puts the answer in a condition, the status column and a metric.
/// </summary>
public static class PolicyDecision
{
    /// <param name="settings">The kill switch settings in force (the direct tunnel's, or the saved lockdown's); null when nothing asks for one.</param>
    /// <param name="tunnel">The direct tunnel's phase and cause, or null when none is declared.</param>
    /// <param name="blockError">Why the block could not be applied, or null when it is in place.</param>
    public static PolicyInForce Decide(KillSwitchSettings? settings, (TunnelPhase Phase, Cause Cause)? tunnel, string? blockError)
    {
        if (settings is not { Enabled: true })
        {
            return tunnel is null
                ? new PolicyInForce(HostPolicy.Off, "NoDirectTunnel", "no direct tunnel is declared", false)
                : new PolicyInForce(HostPolicy.Off, "KillSwitchDisabled", "the kill switch is turned off (killSwitch.enabled: false)", false);
        }

        if (blockError is not null)
        {
            return new PolicyInForce(HostPolicy.Blocked, "BlockFailed",
                $"the kill switch could not be applied, so the tunnel is not brought up: {blockError}", true);
        }

        if (tunnel is not { } declared)
        {
            return new PolicyInForce(HostPolicy.Blocked, "Lockdown", "lockdown: no direct tunnel is declared, so nothing leaves", false);
        }

        return declared.Phase switch
        {
            TunnelPhase.Connected or TunnelPhase.Degraded =>
                new PolicyInForce(HostPolicy.Connected, "TunnelUp", "traffic leaves through the tunnel only", false),
            TunnelPhase.Pending or TunnelPhase.Connecting or TunnelPhase.Reconnecting or TunnelPhase.FailingOver =>
                new PolicyInForce(HostPolicy.Connecting, declared.Cause.Reason, $"blocked while connecting: {declared.Cause.Message}", false),
            TunnelPhase.Deleting =>
                new PolicyInForce(HostPolicy.Blocked, "Deleting", "the direct tunnel is being deleted", false),
            _ => new PolicyInForce(HostPolicy.Blocked, declared.Cause.Reason, $"blocked: {declared.Cause.Message}", false),
        };
    }
}
