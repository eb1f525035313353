using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;

namespace Tunmux.Linux.Direct;

/// <summary>What one direct-mode pass found and did.</summary>
/// <param name="Settings">The kill switch in force (the tunnel's, or a lockdown kept from before); null when none.</param>
/// <param name="BlockError">Why the block could not be applied; the tunnel was then not brought up.</param>
/// <param name="Repaired">Drift found in the firewall table and repaired by applying it again.</param>
/// <param name="TunnelError">Why the tunnel could not be brought up (the block holds meanwhile).</param>
public sealed record DirectOutcome(
    KillSwitchSettings? Settings,
    string? BlockError,
    IReadOnlyList<string> Repaired,
    DirectBackend? Backend,
    DateTimeOffset? LatestHandshake,
    string? TunnelError)
{
    /// <summary>The table read back at the end of the block step matched the plan (the LeakFree condition's basis).</summary>
    public bool BlockVerified { get; init; }
}
