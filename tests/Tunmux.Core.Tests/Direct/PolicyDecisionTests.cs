using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Policy;
using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Tests.Direct;

/// <summary>The policy in force for each combination the daemon meets (issue #10).</summary>
public class PolicyDecisionTests
{
    private static readonly Cause Building = new(LifecycleReasons.Building, "building the tunnel with peer 1");

    [Fact]
    public void Nothing_declared_is_off() =>
        PolicyDecision.Decide(null, null, null).Policy.Should().Be(HostPolicy.Off);

    [Fact]
    public void Lockdown_without_a_tunnel_blocks() =>
        PolicyDecision.Decide(KillSwitchSettings.Default with { Lockdown = true }, null, null)
            .Should().Match<PolicyInForce>(p => p.Policy == HostPolicy.Blocked && p.Reason == "Lockdown" && !p.Critical);

    [Fact]
    public void A_disabled_kill_switch_is_off_even_with_a_tunnel() =>
        PolicyDecision.Decide(KillSwitchSettings.Default with { Enabled = false }, (TunnelPhase.Connected, Building), null)
            .Policy.Should().Be(HostPolicy.Off);

    [Fact]
    public void A_block_that_cannot_be_applied_is_critical()
    {
        var policy = PolicyDecision.Decide(KillSwitchSettings.Default, (TunnelPhase.Connecting, Building), "nft: Operation not permitted");
        policy.Policy.Should().Be(HostPolicy.Blocked);
        policy.Critical.Should().BeTrue();
        policy.Message.Should().Contain("not brought up").And.Contain("Operation not permitted");
    }

    [Theory]
    [InlineData(TunnelPhase.Pending, HostPolicy.Connecting)]
    [InlineData(TunnelPhase.Connecting, HostPolicy.Connecting)]
    [InlineData(TunnelPhase.Reconnecting, HostPolicy.Connecting)]
    [InlineData(TunnelPhase.FailingOver, HostPolicy.Connecting)]
    [InlineData(TunnelPhase.Connected, HostPolicy.Connected)]
    [InlineData(TunnelPhase.Degraded, HostPolicy.Connected)]
    [InlineData(TunnelPhase.Blocked, HostPolicy.Blocked)]
    [InlineData(TunnelPhase.Deleting, HostPolicy.Blocked)]
    public void The_tunnels_phase_sets_the_policy(TunnelPhase phase, HostPolicy expected) =>
        PolicyDecision.Decide(KillSwitchSettings.Default, (phase, Building), null).Policy.Should().Be(expected);

    [Fact]
    public void A_blocked_tunnel_says_why() =>
        PolicyDecision.Decide(KillSwitchSettings.Default, (TunnelPhase.Blocked, new Cause(LifecycleReasons.BuildFailed, "the build failed: no such key")), null)
            .Should().Match<PolicyInForce>(p => p.Reason == LifecycleReasons.BuildFailed && p.Message.Contains("no such key"));
}
