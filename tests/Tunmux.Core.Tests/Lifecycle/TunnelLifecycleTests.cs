using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class TunnelLifecycleTests
{
    [Fact]
    public void Every_tunnel_starts_pending()
    {
        TunnelLifecycle.Initial.Should().BeOfType<PendingState>();
        TunnelLifecycle.Initial.Phase.Should().Be(TunnelPhase.Pending);
    }

    [Fact]
    public void Apply_returns_the_next_state_its_actions_and_a_history_entry_for_the_change()
    {
        var (state, actions) = TunnelLifecycle.Apply(TunnelLifecycle.Initial, new TunnelEvent.SpecChanged(null, Clock.T(3)), Contexts.OnePeer);
        var step = TunnelLifecycle.Apply(TunnelLifecycle.Initial, new TunnelEvent.SpecChanged(null, Clock.T(3)), Contexts.OnePeer);

        state.Should().Be(ConnectingState.Building(0, 0));
        actions.Should().Equal(new LifecycleAction.Build(0));
        step.Recorded.Should().Be(new EventHistoryEntry(
            Clock.T(3), HistoryEventType.Normal, LifecycleReasons.Building, "building the tunnel with peer 1"));
    }

    [Fact]
    public void Apply_records_nothing_when_the_state_keeps_its_phase_and_cause()
    {
        var connected = new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(0));

        var step = TunnelLifecycle.Apply(connected, new TunnelEvent.Observed(Facts.Up(Clock.T(1)), Clock.T(2)), Contexts.OnePeer);

        step.State.Should().BeSameAs(connected);
        step.Recorded.Should().BeNull();
        step.WakeAt.Should().BeNull();
    }

    [Fact]
    public void Apply_records_a_warning_when_the_tunnel_runs_into_trouble()
    {
        var connected = new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(0));

        var step = TunnelLifecycle.Apply(connected, new TunnelEvent.ProbeResult(false, "timeout", Clock.T(2)), Contexts.OnePeer);

        step.Recorded!.Type.Should().Be(HistoryEventType.Warning);
        step.Recorded.Reason.Should().Be(LifecycleReasons.ProbeFailed);
        step.WakeAt.Should().Be(Clock.T(12));
    }

    [Fact]
    public void A_context_needs_at_least_one_peer()
    {
        FluentActions.Invoking(() => new LifecycleContext(0, LifecyclePolicy.Default)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
