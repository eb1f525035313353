using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Model;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Issue #4: when the daemon probes a tunnel, by its lifecycle state.</summary>
public sealed class ProbeCadenceTests
{
    private static readonly ProbeSettings Settings = new(
        new ProbeTarget.Tcp(new ProbeHost("198.19.255.1", 80)), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 3);

    private static readonly HandshakeWindow Window = HandshakeWindow.Starting(Clock.T(0), TimeSpan.FromSeconds(30));

    private static readonly Cause Problem = new(LifecycleReasons.ProbeFailed, "failed");

    [Fact]
    public void A_connected_tunnel_is_probed_at_its_interval()
    {
        var connected = new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(0));

        ProbeCadence.Delay(connected, Settings).Should().Be(TimeSpan.FromSeconds(30));
        ProbeCadence.PassesMatter(connected).Should().BeFalse();
    }

    public static TheoryData<string> Recovering => new(RecoveringStates.Keys);

    private static readonly IReadOnlyDictionary<string, ITunnelState> RecoveringStates = new Dictionary<string, ITunnelState>
    {
        ["awaiting handshake"] = new ConnectingState(0, 0, Window),
        ["degraded"] = new DegradedState(RecoveryLadder.StartAt(0), Clock.T(0), new HealthSignals(null, Problem), Clock.T(10)),
        ["reconnecting"] = new ReconnectingState(new RecoveryLadder(0, 1), Window, Clock.T(0), Problem),
        ["failing over"] = new FailingOverState(RecoveryLadder.StartAt(1), 0, Window, Clock.T(0), Problem),
    };

    [Theory]
    [MemberData(nameof(Recovering))]
    public void A_recovering_tunnel_is_probed_every_two_seconds_and_its_passes_matter(string name)
    {
        ProbeCadence.Delay(RecoveringStates[name], Settings).Should().Be(ProbeCadence.WhileRecovering);
        ProbeCadence.PassesMatter(RecoveringStates[name]).Should().BeTrue();
    }

    [Fact]
    public void An_interval_shorter_than_the_recovery_cadence_is_kept()
    {
        ProbeCadence.Delay(RecoveringStates["reconnecting"], Settings with { Interval = TimeSpan.FromSeconds(1) })
            .Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_tunnel_that_is_not_built_is_not_probed()
    {
        ProbeCadence.Delay(new PendingState(), Settings).Should().BeNull();
        ProbeCadence.Delay(ConnectingState.Building(0, 0), Settings).Should().BeNull();
        ProbeCadence.Delay(BlockedState.UntilSpecChanges(Problem), Settings).Should().BeNull();
        ProbeCadence.Delay(new DeletingState(Clock.T(0)), Settings).Should().BeNull();
    }
}
