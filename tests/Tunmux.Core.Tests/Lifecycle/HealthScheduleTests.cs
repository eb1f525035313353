using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class HealthScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly LifecyclePolicy Policy = LifecyclePolicy.Default;

    private static TunnelFacts HandshakeAt(DateTimeOffset at) => new(true, true, true, true, true, "pub", "198.18.1.2:51820", at, 0, 0);

    [Fact]
    public void A_connected_tunnel_is_looked_at_just_after_its_handshake_turns_stale()
    {
        var next = HealthSchedule.Next(new ConnectedState(RecoveryLadder.StartAt(0), T0), HandshakeAt(T0.AddSeconds(-20)), Policy, T0);

        next.Should().Be(T0.AddSeconds(-20) + Policy.HandshakeMaxAge + HealthSchedule.StaleMargin);
    }

    [Fact]
    public void A_recovery_is_watched_often_and_its_deadline_is_kept()
    {
        var window = HandshakeWindow.Starting(T0, TimeSpan.FromSeconds(30));
        var reconnecting = new ReconnectingState(new RecoveryLadder(0, 1), window, T0, new Cause(LifecycleReasons.HandshakeStale, "stale"));

        HealthSchedule.Next(reconnecting, null, Policy, T0).Should().Be(T0 + TimeSpan.FromSeconds(1));
        HealthSchedule.Next(reconnecting, null, Policy, window.Deadline.AddMilliseconds(-10)).Should().Be(window.Deadline);
    }

    [Fact]
    public void A_short_grace_is_watched_more_often_but_never_busier_than_every_100_ms()
    {
        HealthSchedule.WhileWaiting(Policy with { HandshakeGrace = TimeSpan.FromSeconds(3) }).Should().Be(TimeSpan.FromMilliseconds(600));
        HealthSchedule.WhileWaiting(Policy with { HandshakeGrace = TimeSpan.FromMilliseconds(100) }).Should().Be(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_server_change_is_watched_once_its_rebuild_is_done_and_not_while_the_controller_resolves_and_builds()
    {
        var problem = new Cause(LifecycleReasons.HandshakeStale, "stale");
        var asking = ChangingServerState.Asking(RecoveryLadder.StartAt(0), "CH#1", T0, problem);
        var window = HandshakeWindow.Starting(T0, TimeSpan.FromSeconds(30));

        HealthSchedule.Next(asking, null, Policy, T0).Should().BeNull("the pass that resolves and rebuilds is already asked for");
        HealthSchedule.Next(asking with { To = "CH#2", Window = window }, null, Policy, T0).Should().Be(T0 + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_terminally_blocked_tunnel_needs_no_look_until_something_changes()
    {
        HealthSchedule.Next(BlockedState.UntilSpecChanges(new Cause(LifecycleReasons.InvalidSpec, "bad")), null, Policy, T0).Should().BeNull();
    }
}
