using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Policy;

namespace Tunmux.Core.Tests.Direct;

/// <summary>The LeakFree condition from the block's read-back (issue #10).</summary>
public class LeakFreeDecisionTests
{
    [Fact]
    public void True_only_with_a_kill_switch_whose_table_reads_back_as_planned() =>
        LeakFreeDecision.Decide(KillSwitchSettings.Default, null, readBackMatches: true)
            .Should().Be(new LeakFreeCondition("True", "BlockVerified", "the inet tunmux table read back matches the plan rule by rule"));

    [Fact]
    public void A_table_that_still_differs_after_the_repair_is_not_leak_free() =>
        LeakFreeDecision.Decide(KillSwitchSettings.Default, null, readBackMatches: false)
            .Should().Match<LeakFreeCondition>(c => c.Status == "False" && c.Reason == "BlockDiffers");

    [Fact]
    public void A_block_that_could_not_be_applied_is_not_leak_free() =>
        LeakFreeDecision.Decide(KillSwitchSettings.Default, "nft: Operation not permitted", readBackMatches: true)
            .Should().Match<LeakFreeCondition>(c => c.Status == "False" && c.Reason == "BlockNotApplied" && c.Message.Contains("Operation not permitted"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_a_kill_switch_nothing_is_leak_free(bool disabled) =>
        LeakFreeDecision.Decide(disabled ? KillSwitchSettings.Default with { Enabled = false } : null, null, readBackMatches: true)
            .Should().Match<LeakFreeCondition>(c => c.Status == "False" && c.Reason == "KillSwitchOff");
}
