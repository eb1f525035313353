using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Deletion and spec changes win in every state but Deleting.</summary>
public sealed class SharedTransitionTests
{
    [Theory]
    [MemberData(nameof(SampleStates.LiveNames), MemberType = typeof(SampleStates))]
    public void A_deletion_request_starts_deleting_from_any_live_state(string name)
    {
        var transition = SampleStates.Live[name].Next(new TunnelEvent.DeleteRequested(Clock.T(50)), Contexts.TwoPeers);

        transition.Next.Should().Be(new DeletingState(Clock.T(50)));
        transition.Actions.Should().Equal(new LifecycleAction.Delete());
    }

    [Theory]
    [MemberData(nameof(SampleStates.LiveNames), MemberType = typeof(SampleStates))]
    public void An_invalid_spec_blocks_the_tunnel_for_good_from_any_live_state(string name)
    {
        var transition = SampleStates.Live[name].Next(new TunnelEvent.SpecChanged("peer 1 has no public key", Clock.T(50)), Contexts.TwoPeers);

        var blocked = transition.Next.Should().BeOfType<BlockedState>().Subject;
        blocked.Terminal.Should().BeTrue();
        blocked.WakeAt.Should().BeNull("a terminal block waits for the spec, not for time");
        blocked.Cause.Reason.Should().Be(LifecycleReasons.InvalidSpec);
        blocked.Cause.Message.Should().Contain("peer 1 has no public key");
        transition.Actions.Should().Equal(new LifecycleAction.MarkBlocked(blocked.Cause));
    }

    [Theory]
    [MemberData(nameof(SampleStates.LiveNames), MemberType = typeof(SampleStates))]
    public void A_valid_new_spec_builds_from_the_first_peer(string name)
    {
        var transition = SampleStates.Live[name].Next(new TunnelEvent.SpecChanged(null, Clock.T(50)), Contexts.TwoPeers);

        transition.Next.Should().Be(ConnectingState.Building(0, 0));
        // A tunnel that may already exist is rebuilt; only a tunnel never built is merely built.
        transition.Actions.Should().ContainSingle().Which.Should().Be(
            name == "pending" ? new LifecycleAction.Build(0) : new LifecycleAction.Rebuild(0, "the spec changed"));
    }
}
