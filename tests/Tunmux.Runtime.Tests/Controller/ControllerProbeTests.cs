using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #4: the active probe, end to end through the controller against an in-memory host. The
/// probes run on their own timers (every second, the shortest interval a manifest may ask for);
/// the lifecycle's deadlines follow a clock the test moves. The handshake stays fresh throughout:
/// only the probe tells that traffic no longer gets through.
/// </summary>
public sealed class ControllerProbeTests : IAsyncLifetime
{
    private const string Target = "198.19.255.1:80";

    private static readonly LifecyclePolicy Policy = LifecyclePolicy.Default with { DegradedConfirmation = TimeSpan.FromSeconds(10) };

    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly ControlLoopHarness _harness;

    public ControllerProbeTests()
    {
        _harness = new(_clock) { Options = TestControlLoops.Options with { Lifecycle = Policy } };
    }

    private FakeExitDriver Host => _harness.Host;

    private ControlLoop Controller => _harness.Loop;

    private LiveObjectStatus Tunnel => _harness.TunnelStatus();

    private IReadOnlyList<string> Mutations => _harness.Mutations;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Manifest(string? probe) => _harness.Tunnel("a", spec: probe is null ? null : $"health: {{probe: {probe}}}");

    private static string TcpProbe(string target = Target, int threshold = 2) =>
        $"{{tcp: \"{target}\", interval: 1s, timeout: 1s, failureThreshold: {threshold}}}";

    private async Task StartAsync(string? probe)
    {
        await _harness.StartAsync(Manifest(probe));
        await UntilPhase("Connected");
    }

    private Condition ConditionOf(string type) => _harness.ConditionOf(type);

    private int ProbesOf(string target) => Host.Probes.Count(p => p == $"a {target}");

    /// <summary>No trigger while waiting: the probes alone must move the phase.</summary>
    private Task UntilPhase(string phase) => _harness.UntilPhase(phase, nudge: false);

    [Fact]
    public async Task Failing_probes_degrade_the_tunnel_the_daemon_reconnects_and_a_passing_probe_makes_it_ready_again()
    {
        await StartAsync(TcpProbe());
        await Eventually.ThatAsync(() => ProbesOf(Target) >= 1, "the first probe");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);

        Host.UnreachableTargets[Target] = 0;
        await UntilPhase("Degraded");
        var degraded = ConditionOf(ConditionTypes.Degraded);
        degraded.Status.Should().Be(ConditionStatus.True);
        degraded.Reason.Should().Be(LifecycleReasons.ProbeFailed);
        degraded.Message.Should().Be("the active probe failed: tcp 198.19.255.1:80: no answer within 1 s (2 in a row)");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        ConditionOf(ConditionTypes.Ready).Reason.Should().Be(LifecycleReasons.ProbeFailed);

        _clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        Mutations.Should().EndWith("reconnect a peer 1");

        var probesWhileReconnecting = ProbesOf(Target);
        await Eventually.ThatAsync(() => ProbesOf(Target) >= probesWhileReconnecting + 2, "two more probes while reconnecting");
        Tunnel.Phase.Should().Be("Reconnecting", "a fresh handshake does not make up for a probe that still fails");
        ConditionOf(ConditionTypes.Ready).Message.Should().Contain("because the active probe failed: tcp 198.19.255.1:80");

        Host.UnreachableTargets.TryRemove(Target, out _);
        await UntilPhase("Connected");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        Tunnel.Events.Select(e => e.Reason).Should().ContainInOrder(
            LifecycleReasons.ProbeFailed, LifecycleReasons.Reconnecting, LifecycleReasons.Connected);
        Mutations.Count(c => c.StartsWith("create tunnel", StringComparison.Ordinal)).Should().Be(1, "recovery works in place");
    }

    [Fact]
    public async Task A_single_failed_probe_below_the_threshold_changes_nothing()
    {
        await StartAsync(TcpProbe(threshold: 3));
        var before = ProbesOf(Target);
        Host.UnreachableTargets[Target] = 0;
        await Eventually.ThatAsync(() => ProbesOf(Target) > before, "a probe while the target is down");
        Host.UnreachableTargets.TryRemove(Target, out _);

        // One or two failures (probes come a second apart); the third in a row never comes.
        var seen = ProbesOf(Target);
        await Eventually.ThatAsync(() => ProbesOf(Target) >= seen + 2, "passing probes");
        Tunnel.Phase.Should().Be("Connected");
        Tunnel.Events.Select(e => e.Reason).Should().NotContain(LifecycleReasons.ProbeFailed);
    }

    [Fact]
    public async Task Changing_the_probe_does_not_rebuild_the_tunnel_and_probes_the_new_target()
    {
        await StartAsync(TcpProbe());
        await Eventually.ThatAsync(() => ProbesOf(Target) >= 1, "the first probe");

        await _harness.WriteManifestsAsync(Manifest(TcpProbe("198.19.255.9:443")));
        await Eventually.ThatAsync(() => ProbesOf("198.19.255.9:443") >= 1, "a probe of the new target");

        Mutations.Count(c => c.StartsWith("create tunnel", StringComparison.Ordinal)).Should().Be(1, "the probe is not part of the spec hash");
        Tunnel.Phase.Should().Be("Connected");
        Tunnel.Generation.Should().Be(1);
    }

    [Fact]
    public async Task A_tunnel_without_a_probe_is_never_probed()
    {
        await StartAsync(probe: null);
        var passes = Controller.Status["a"].LastReconciled;
        _clock.Advance(TimeSpan.FromSeconds(1));
        Controller.Trigger(["a"]);
        await Eventually.ThatAsync(() => Controller.Status["a"].LastReconciled > passes, "another pass");

        Host.Probes.Should().BeEmpty();
    }
}
