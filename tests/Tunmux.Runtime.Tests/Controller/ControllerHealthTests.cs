using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #4 health and recovery, against an in-memory host and a clock the test moves: a stale
/// handshake leads to a reconnect, then a failover to the next peer; an exit with no working
/// peer stays closed; conditions move only when their status does.
/// </summary>
public sealed partial class ControllerHealthTests : IAsyncLifetime
{
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private const string First = "198.18.1.2:51820";
    private const string Second = "198.18.2.2:51820";

    private static readonly LifecyclePolicy Policy = LifecyclePolicy.Default with
    {
        ReconnectsBeforeFailover = 1,
        DegradedConfirmation = TimeSpan.FromSeconds(10),
    };

    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly ControlLoopHarness _harness;

    public ControllerHealthTests()
    {
        _harness = new(_clock) { Options = TestControlLoops.Options with { Lifecycle = Policy }, SavesStatus = true };
    }

    private ManualClock Clock => _clock;

    private FakeExitDriver Host => _harness.Host;

    private ControlLoop Controller => _harness.Loop;

    private string Folder => _harness.Folder;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Manifest(string address = "10.66.1.2/32") => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: a{"}"}
        spec:
          wireguard:
            privateKeyFile: {_harness.KeyFile}
            addresses: [{address}]
            dns: [10.66.1.1]
            peers:
              - {"{"}publicKey: {PeerKey}, endpoint: "{First}", allowedIPs: [0.0.0.0/0]{"}"}
              - {"{"}publicKey: {PeerKey}, endpoint: "{Second}", allowedIPs: [0.0.0.0/0]{"}"}
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {"{"}name: a{"}"}
        spec: {"{"}tunnelRef: a{"}"}

        """;

    private async Task StartAsync()
    {
        await _harness.StartAsync(Manifest());
        await UntilPhase("Connected");
    }

    /// <summary>A new controller over the same host, state and folder, as after a daemon restart.</summary>
    private async Task RestartAsync()
    {
        await _harness.RestartAsync();
        await UntilPhase("Connected");
    }

    private LiveObjectStatus Tunnel => _harness.TunnelStatus();

    private Condition ConditionOf(string type) => _harness.ConditionOf(type);

    private Task UntilPhase(string phase) => _harness.UntilPhase(phase);

    private IReadOnlyList<string> Mutations => _harness.Mutations;

    [Fact]
    public async Task A_stale_handshake_leads_to_a_reconnect_and_then_a_failover_to_the_second_peer()
    {
        await StartAsync();
        Host.Tunnels["a"].PeerEndpoint.Should().Be(First, "a build configures the first peer only");

        Host.DeadEndpoints.Add(First);
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        ConditionOf(ConditionTypes.Degraded).Reason.Should().Be(LifecycleReasons.HandshakeStale);

        Clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        Mutations.Should().EndWith("reconnect a peer 1");

        Clock.Advance(Policy.HandshakeGrace);
        await UntilPhase("Connected");
        Mutations.Should().EndWith(["reconnect a peer 1", "reconnect a peer 2"]);
        Host.Tunnels["a"].PeerEndpoint.Should().Be(Second);
        new RecordStore(_harness.Paths).LoadTunnels().Records.Single().ActivePeer.Should().Be(1, "the record says which peer is active");
        Mutations.Count(c => c.StartsWith("create tunnel", StringComparison.Ordinal)).Should().Be(1, "recovery works in place, never by a rebuild");

        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        ConditionOf(ConditionTypes.TunnelUp).Message.Should().Contain("peer 2").And.Contain(Second);
        Tunnel.Events.Select(e => e.Reason).Should().ContainInOrder(LifecycleReasons.HandshakeStale, LifecycleReasons.Reconnecting, LifecycleReasons.FailingOver, LifecycleReasons.Connected);
    }

    [Fact]
    public async Task A_tunnel_with_no_answering_peer_stays_closed_and_is_only_ever_reconnected()
    {
        await StartAsync();
        var before = Mutations.Count;
        Host.DeadEndpoints.UnionWith([First, Second]);

        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        for (var round = 0; round < 6; round++)
        {
            Clock.Advance(Policy.HandshakeGrace);
            var reconnects = Mutations.Count;
            await Eventually.ThatAsync(() => Mutations.Count > reconnects, "the next rung of the ladder", () => Controller.Trigger(["a"]));
            ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        }

        Mutations.Skip(before).Should().OnlyContain(c => c.StartsWith("reconnect a peer", StringComparison.Ordinal),
            "an unhealthy exit is repaired in place; nothing is torn down or opened");
        Mutations.Skip(before).Should().Contain("reconnect a peer 2").And.Contain("reconnect a peer 1");
        Host.Namespaces.Should().Contain("tunmux_a");
        Host.Tunnels["a"].HasDefaultRoute.Should().BeTrue("the namespace keeps its one route, into the tunnel");
        ConditionOf(ConditionTypes.Degraded).Status.Should().Be(ConditionStatus.True);
        Tunnel.Events.Should().Contain(e => e.Type == HistoryEventType.Warning);
    }

    [Fact]
    public async Task A_condition_keeps_its_transition_time_until_its_status_changes()
    {
        await StartAsync();
        var readySince = ConditionOf(ConditionTypes.Ready).LastTransitionTime;
        readySince.Should().Be(ManualClock.DefaultStart);

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(60));
            var passes = Controller.Status["a"].LastReconciled;
            Controller.Trigger(["a"]);
            await Eventually.ThatAsync(() => Controller.Status["a"].LastReconciled > passes, "another pass");
        }

        ConditionOf(ConditionTypes.Ready).LastTransitionTime.Should().Be(readySince, "passes that change nothing write no transition");

        Host.DeadEndpoints.Add(First);
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        var wentBad = Clock.GetUtcNow();
        await UntilPhase("Degraded");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        ConditionOf(ConditionTypes.Ready).LastTransitionTime.Should().Be(wentBad);
    }

    [Fact]
    public async Task A_spec_change_raises_the_generation_of_the_tunnel_and_its_conditions()
    {
        await StartAsync();
        Tunnel.Generation.Should().Be(1);

        await _harness.WriteManifestsAsync(Manifest(address: "10.66.1.3/32"));
        await Eventually.ThatAsync(() => Controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Generation == 2, "generation 2", () => Controller.Trigger(["a"]));
        await UntilPhase("Connected");

        Tunnel.Conditions.Items.Should().OnlyContain(c => c.ObservedGeneration == 2);
        Controller.Board.Current.Proxies["a"].Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
        Mutations.Count(c => c == "create tunnel a").Should().Be(2, "a new spec is built afresh");
    }

    [Fact]
    public async Task A_restarted_controller_adopts_a_failed_over_tunnel_on_its_current_peer()
    {
        await StartAsync();
        Host.DeadEndpoints.Add(First);
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        Clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        Clock.Advance(Policy.HandshakeGrace);
        await UntilPhase("Connected");
        await _harness.StopAsync();
        var calls = Mutations.Count;

        await RestartAsync();

        Mutations.Skip(calls).Should().BeEmpty("a running tunnel is adopted as it is");
        Tunnel.Events.Should().Contain(e => e.Reason == "Adopted" && e.Message.Contains("peer 2", StringComparison.Ordinal));
    }
}
