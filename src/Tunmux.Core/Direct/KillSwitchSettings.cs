namespace Tunmux.Core.Direct;

/// <summary>
/// <c>spec.killSwitch</c> of a direct tunnel. On by default: people choose direct mode for
/// privacy, so nothing may leave outside the tunnel unless they turn it off.
/// </summary>
/// <param name="Enabled">Apply the block at all.</param>
/// <param name="AllowLan">Let private, link-local and multicast ranges through beside the tunnel.</param>
/// <param name="Lockdown">Keep the block even when no direct tunnel is declared or up, and at boot.</param>
public sealed record KillSwitchSettings(bool Enabled, bool AllowLan, bool Lockdown)
{
    public static KillSwitchSettings Default { get; } = new(true, false, false);
}
