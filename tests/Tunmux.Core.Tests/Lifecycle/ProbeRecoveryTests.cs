using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>
/// Issue #4: a recovery started because the active probe failed is judged by the probe. The
/// handshake was fresh all along, so a fresh handshake does not end it; a passing probe does.
/// </summary>
public sealed class ProbeRecoveryTests
{
    private static readonly Cause ProbeFailed = new(LifecycleReasons.ProbeFailed, "the active probe failed: tcp 198.19.255.1:80: no answer within 1 s (3 in a row)");

    /// <summary>The attempt began at t=200 (grace until t=230); the probe has failed since t=100.</summary>
    private static readonly HandshakeWindow Window = HandshakeWindow.Starting(Clock.T(200), TimeSpan.FromSeconds(30));

    private static readonly IReadOnlyDictionary<string, ITunnelState> Attempts = new Dictionary<string, ITunnelState>
    {
        ["reconnecting"] = new ReconnectingState(new RecoveryLadder(0, 1), Window, Clock.T(100), ProbeFailed),
        ["failing over"] = new FailingOverState(RecoveryLadder.StartAt(1), 0, Window, Clock.T(100), ProbeFailed),
    };

    public static TheoryData<string> Names => new(Attempts.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_fresh_handshake_does_not_end_an_attempt_that_repairs_a_failed_probe(string name)
    {
        var state = Attempts[name];

        var transition = state.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(204)), Clock.T(205)), Contexts.TwoPeers);

        transition.Next.Should().BeSameAs(state);
        transition.Actions.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_passing_probe_ends_it_connected(string name)
    {
        var transition = Attempts[name].Next(new TunnelEvent.ProbeResult(true, "tcp 198.19.255.1:80: connected", Clock.T(206)), Contexts.TwoPeers);

        transition.Next.Should().BeOfType<ConnectedState>().Which.Since.Should().Be(Clock.T(206));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Without_a_passing_probe_in_time_the_ladder_climbs_and_keeps_the_probe_as_the_reason(string name)
    {
        var byObservation = Attempts[name].Next(new TunnelEvent.Observed(Facts.Up(Clock.T(229)), Clock.T(230)), Contexts.TwoPeers);
        var byTick = Attempts[name].Next(new TunnelEvent.Tick(Clock.T(230)), Contexts.TwoPeers);

        foreach (var transition in new[] { byObservation, byTick })
        {
            var peer = name == "reconnecting" ? 0 : 1;
            transition.Actions.Should().Equal(new LifecycleAction.Reconnect(peer, ReResolveEndpoint: true));
            var next = transition.Next.Should().BeOfType<ReconnectingState>().Subject;
            next.Problem.Should().Be(ProbeFailed);
            next.Cause.Message.Should().Contain("because the active probe failed: tcp 198.19.255.1:80");
        }
    }

    [Fact]
    public void A_handshake_problem_is_still_ended_by_a_fresh_handshake()
    {
        var stale = new Cause(LifecycleReasons.HandshakeStale, "stale");
        var state = new ReconnectingState(new RecoveryLadder(0, 1), Window, Clock.T(100), stale);

        state.Next(new TunnelEvent.Observed(Facts.Up(Clock.T(204)), Clock.T(205)), Contexts.TwoPeers).Next.Should().BeOfType<ConnectedState>();
    }

    [Fact]
    public void The_whole_path_from_failing_probes_to_a_reconnect_and_back()
    {
        var context = Contexts.WithPeers(1, Contexts.Policy with { DegradedConfirmation = TimeSpan.FromSeconds(10) });
        ITunnelState state = new ConnectedState(RecoveryLadder.StartAt(0), Clock.T(0));

        state = TunnelLifecycle.Apply(state, new TunnelEvent.ProbeResult(false, ProbeFailed.Message["the active probe failed: ".Length..], Clock.T(300)), context).State;
        state.Should().BeOfType<DegradedState>().Which.Cause.Reason.Should().Be(LifecycleReasons.ProbeFailed);

        state = TunnelLifecycle.Apply(state, new TunnelEvent.Observed(Facts.Up(Clock.T(305)), Clock.T(305)), context).State;
        state.Should().BeOfType<DegradedState>("a fresh handshake does not excuse a failed probe");

        var reconnect = TunnelLifecycle.Apply(state, new TunnelEvent.Observed(Facts.Up(Clock.T(310)), Clock.T(310)), context);
        reconnect.State.Should().BeOfType<ReconnectingState>().Which.Cause.Message.Should().Contain("the active probe failed");
        reconnect.Actions.Should().Equal(new LifecycleAction.Reconnect(0, true));

        state = TunnelLifecycle.Apply(reconnect.State, new TunnelEvent.Observed(Facts.Up(Clock.T(311)), Clock.T(311)), context).State;
        state.Should().BeOfType<ReconnectingState>();

        state = TunnelLifecycle.Apply(state, new TunnelEvent.ProbeResult(true, "tcp 198.19.255.1:80: connected", Clock.T(312)), context).State;
        state.Should().BeOfType<ConnectedState>();
    }
}
