using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class TunnelConditionsTests
{
    private static readonly ConnectedState Connected = new(RecoveryLadder.StartAt(1), Clock.T(0));
    private static readonly ProxyReadiness[] BothListening = [new("socks-a", true), new("http-a", true)];

    private static ConditionSet Derive(ITunnelState state, IReadOnlyList<ProxyReadiness> proxies, double at, ConditionSet? current = null, long generation = 3) =>
        TunnelConditions.Derive(current ?? ConditionSet.Empty, state, Facts.Up(Clock.T(0)), proxies, generation, Clock.T(at));

    private static (ConditionStatus, string) Of(ConditionSet set, string type) =>
        set.Find(type) is { } c ? (c.Status, c.Reason) : throw new InvalidOperationException($"no {type}");

    [Fact]
    public void A_connected_tunnel_whose_proxies_listen_is_ready_and_not_degraded()
    {
        var set = Derive(Connected, BothListening, 5);

        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.True, "Ready"));
        Of(set, ConditionTypes.TunnelUp).Should().Be((ConditionStatus.True, LifecycleReasons.Connected));
        Of(set, ConditionTypes.ProxyListening).Should().Be((ConditionStatus.True, "Listening"));
        Of(set, ConditionTypes.Degraded).Should().Be((ConditionStatus.False, LifecycleReasons.Connected));
        set.Find(ConditionTypes.TunnelUp)!.Message.Should().Be($"connected through peer 2 at {Facts.Endpoint}");
        set.Items.Should().OnlyContain(c => c.ObservedGeneration == 3 && c.LastTransitionTime == Clock.T(5));
    }

    [Fact]
    public void A_proxy_that_does_not_listen_keeps_the_tunnel_from_being_ready()
    {
        var set = Derive(Connected, [new("socks-a", true), new("http-a", false, "process exited")], 5);

        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.False, "NotListening"));
        Of(set, ConditionTypes.TunnelUp).Should().Be((ConditionStatus.True, LifecycleReasons.Connected));
        set.Find(ConditionTypes.ProxyListening)!.Message.Should().Be("not listening: http-a (process exited)");
    }

    [Fact]
    public void A_tunnel_without_proxies_has_no_proxy_condition_and_is_ready_when_up()
    {
        var set = Derive(Connected, [], 5);

        set.Find(ConditionTypes.ProxyListening).Should().BeNull();
        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.True, "Ready"));
    }

    [Fact]
    public void A_reconnecting_tunnel_is_down_degraded_and_not_ready_for_the_reason_it_gives()
    {
        var reconnecting = new ReconnectingState(
            new RecoveryLadder(0, 1), HandshakeWindow.Starting(Clock.T(0), TimeSpan.FromSeconds(30)), Clock.T(0),
            new Cause(LifecycleReasons.HandshakeStale, "the latest handshake was 181 s ago"));

        var set = Derive(reconnecting, BothListening, 5);

        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.False, LifecycleReasons.Reconnecting));
        Of(set, ConditionTypes.TunnelUp).Should().Be((ConditionStatus.False, LifecycleReasons.Reconnecting));
        Of(set, ConditionTypes.Degraded).Should().Be((ConditionStatus.True, LifecycleReasons.Reconnecting));
        set.Find(ConditionTypes.Degraded)!.Message.Should().Be("reconnect 1 to peer 1, because the latest handshake was 181 s ago");
    }

    [Fact]
    public void A_degraded_tunnel_that_is_still_being_confirmed_is_up_unknown()
    {
        var degraded = new DegradedState(RecoveryLadder.StartAt(0), Clock.T(0),
            new HealthSignals(null, new Cause(LifecycleReasons.ProbeFailed, "the active probe failed: timeout")), Clock.T(10));

        var set = Derive(degraded, BothListening, 5);

        Of(set, ConditionTypes.TunnelUp).Should().Be((ConditionStatus.Unknown, LifecycleReasons.ProbeFailed));
        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.False, LifecycleReasons.ProbeFailed));
        Of(set, ConditionTypes.Degraded).Should().Be((ConditionStatus.True, LifecycleReasons.ProbeFailed));
    }

    [Fact]
    public void A_blocked_tunnel_reports_its_block_reason()
    {
        var blocked = BlockedState.UntilSpecChanges(new Cause(LifecycleReasons.InvalidSpec, "the spec is invalid: no peers"));

        var set = Derive(blocked, [], 5);

        Of(set, ConditionTypes.Ready).Should().Be((ConditionStatus.False, LifecycleReasons.InvalidSpec));
        Of(set, ConditionTypes.Degraded).Should().Be((ConditionStatus.True, LifecycleReasons.InvalidSpec));
    }

    [Fact]
    public void A_pass_that_changes_nothing_derives_an_equal_set()
    {
        var first = Derive(Connected, BothListening, 5);

        var later = Derive(Connected, BothListening, 500, first);

        later.Should().Be(first);
    }

    [Fact]
    public void Transition_times_move_only_for_conditions_whose_status_changed()
    {
        var building = Derive(ConnectingState.Building(0, 0), BothListening, 0);
        var awaiting = Derive(new ConnectingState(0, 0, HandshakeWindow.Starting(Clock.T(1), TimeSpan.FromSeconds(30))), BothListening, 1, building);
        var connected = Derive(Connected, BothListening, 2, awaiting, generation: 4);

        awaiting.Find(ConditionTypes.Ready)!.Reason.Should().Be(LifecycleReasons.AwaitingHandshake);
        awaiting.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be(Clock.T(0), "Ready stayed False");
        connected.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be(Clock.T(2), "Ready became True");
        connected.Find(ConditionTypes.ProxyListening)!.LastTransitionTime.Should().Be(Clock.T(0), "the proxies listened all along");
        connected.Find(ConditionTypes.Degraded)!.LastTransitionTime.Should().Be(Clock.T(0), "Degraded stayed False");
        connected.Items.Should().OnlyContain(c => c.ObservedGeneration == 4);
    }
}
