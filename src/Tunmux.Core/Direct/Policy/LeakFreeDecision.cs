namespace Tunmux.Core.Direct.Policy;

/// <summary>The LeakFree condition: True, False or Unknown, with a reason and a sentence.</summary>
public sealed record LeakFreeCondition(string Status, string Reason, string Message)
{
    public const string Type = "LeakFree";
}

/// <summary>
/// LeakFree from the read-back of the block: True only while a kill switch is on and the table the
/// kernel lists, read back after every pass, matches the plan rule by rule. Pure; the daemon decides
/// it every pass and status, describe and the metric show it.
/// </summary>
public static class LeakFreeDecision
{
    /// <param name="settings">The kill switch in force, or null when nothing asks for one.</param>
    /// <param name="blockError">Why the block could not be applied or read back, or null.</param>
    /// <param name="readBackMatches">The table read back after the pass equals the plan (chains, hooks, policies, rules in order).</param>
    public static LeakFreeCondition Decide(KillSwitchSettings? settings, string? blockError, bool readBackMatches)
    {
        if (settings is not { Enabled: true })
        {
            return new("False", "KillSwitchOff", "no kill switch: traffic can leave outside the tunnel when it is down");
        }

        if (blockError is not null)
        {
            return new("False", "BlockNotApplied", $"the kill switch could not be applied: {blockError}");
        }

        return readBackMatches
            ? new("True", "BlockVerified", "the inet tunmux table read back matches the plan rule by rule")
            : new("False", "BlockDiffers", "the inet tunmux table read back differs from the plan even after it was applied again");
    }
}
