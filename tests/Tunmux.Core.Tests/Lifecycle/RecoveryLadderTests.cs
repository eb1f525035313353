using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class RecoveryLadderTests
{
    [Fact]
    public void Each_peer_gets_its_reconnects_then_the_next_peer_takes_over_wrapping_at_the_end()
    {
        var ladder = RecoveryLadder.StartAt(0);
        var actions = new List<LifecycleAction>();
        for (var i = 0; i < 9; i++)
        {
            (ladder, var action) = ladder.Climb(reconnectsBeforeFailover: 2, peerCount: 3);
            actions.Add(action);
        }

        actions.Should().Equal(
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.Reconnect(0, true),
            new LifecycleAction.FailOver(0, 1),
            new LifecycleAction.Reconnect(1, true),
            new LifecycleAction.Reconnect(1, true),
            new LifecycleAction.FailOver(1, 2),
            new LifecycleAction.Reconnect(2, true),
            new LifecycleAction.Reconnect(2, true),
            new LifecycleAction.FailOver(2, 0));
    }

    [Fact]
    public void With_one_peer_the_failover_returns_to_the_same_peer()
    {
        var (next, action) = new RecoveryLadder(0, 3).Climb(reconnectsBeforeFailover: 3, peerCount: 1);

        action.Should().Be(new LifecycleAction.FailOver(0, 0));
        next.Should().Be(RecoveryLadder.StartAt(0));
    }

    [Fact]
    public void With_no_reconnects_allowed_the_first_rung_is_a_failover()
    {
        var (_, action) = RecoveryLadder.StartAt(1).Climb(reconnectsBeforeFailover: 0, peerCount: 2);

        action.Should().Be(new LifecycleAction.FailOver(1, 0));
    }

    [Fact]
    public void A_peer_index_beyond_the_peers_wraps_into_range()
    {
        var (next, action) = RecoveryLadder.StartAt(5).Climb(reconnectsBeforeFailover: 1, peerCount: 2);

        action.Should().Be(new LifecycleAction.Reconnect(1, true));
        next.PeerIndex.Should().Be(1);
    }
}
