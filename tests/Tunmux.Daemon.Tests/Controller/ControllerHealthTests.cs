using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Model;
using Tunmux.Daemon.Controller;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Daemon.Tests.Controller;

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

    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-health-").FullName;
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeExitDriver _host = new();
    private readonly CancellationTokenSource _stop = new();
    private TunmuxPaths _paths = null!;
    private ControllerService _controller = null!;

    private string Folder => Path.Combine(_root, "gitops");

    public Task InitializeAsync()
    {
        _host.Clock = _clock;
        _paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxlab_");
        File.WriteAllText(Path.Combine(_root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_controller is not null)
        {
            await _controller.StopAsync(CancellationToken.None);
            _controller.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Manifest(string address = "10.66.1.2/32") => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: a{"}"}
        spec:
          wireguard:
            privateKeyFile: {Path.Combine(_root, "client.key")}
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
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "exits.yaml"), Manifest());
        await StartAgainAsync();
    }

    private LiveObjectStatus Tunnel => _controller.Board.Current.Tunnels["a"];

    private Condition ConditionOf(string type) => Tunnel.Conditions.Find(type)!;

    private async Task UntilPhase(string phase)
    {
        // Health checks come on their own while a handshake is awaited; a trigger covers the rest.
        await Until(() => _controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Phase == phase, $"phase {phase}", () => _controller.Trigger(["a"]));
    }

    private static async Task Until(Func<bool> condition, string what, Action? nudge = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"waiting for {what}");
            nudge?.Invoke();
            await Task.Delay(50);
        }
    }

    private IReadOnlyList<string> Mutations => _host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_stale_handshake_leads_to_a_reconnect_and_then_a_failover_to_the_second_peer()
    {
        await StartAsync();
        _host.Tunnels["a"].PeerEndpoint.Should().Be(First, "a build configures the first peer only");

        _host.DeadEndpoints.Add(First);
        _clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        ConditionOf(ConditionTypes.Degraded).Reason.Should().Be(LifecycleReasons.HandshakeStale);

        _clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        Mutations.Should().EndWith("reconnect a peer 1");

        _clock.Advance(Policy.HandshakeGrace);
        await UntilPhase("Connected");
        Mutations.Should().EndWith(["reconnect a peer 1", "reconnect a peer 2"]);
        _host.Tunnels["a"].PeerEndpoint.Should().Be(Second);
        new RecordStore(_paths).LoadTunnels().Records.Single().ActivePeer.Should().Be(1, "the record says which peer is active");
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
        _host.DeadEndpoints.UnionWith([First, Second]);

        _clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        for (var round = 0; round < 6; round++)
        {
            _clock.Advance(Policy.HandshakeGrace);
            var reconnects = Mutations.Count;
            await Until(() => Mutations.Count > reconnects, "the next rung of the ladder", () => _controller.Trigger(["a"]));
            ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        }

        Mutations.Skip(before).Should().OnlyContain(c => c.StartsWith("reconnect a peer", StringComparison.Ordinal),
            "an unhealthy exit is repaired in place; nothing is torn down or opened");
        Mutations.Skip(before).Should().Contain("reconnect a peer 2").And.Contain("reconnect a peer 1");
        _host.Namespaces.Should().Contain("tunmux_a");
        _host.Tunnels["a"].HasDefaultRoute.Should().BeTrue("the namespace keeps its one route, into the tunnel");
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
            _clock.Advance(TimeSpan.FromSeconds(60));
            var passes = _controller.Status["a"].LastReconciled;
            _controller.Trigger(["a"]);
            await Until(() => _controller.Status["a"].LastReconciled > passes, "another pass");
        }

        ConditionOf(ConditionTypes.Ready).LastTransitionTime.Should().Be(readySince, "passes that change nothing write no transition");

        _host.DeadEndpoints.Add(First);
        _clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        var wentBad = _clock.GetUtcNow();
        await UntilPhase("Degraded");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        ConditionOf(ConditionTypes.Ready).LastTransitionTime.Should().Be(wentBad);
    }

    [Fact]
    public async Task A_spec_change_raises_the_generation_of_the_tunnel_and_its_conditions()
    {
        await StartAsync();
        Tunnel.Generation.Should().Be(1);

        // Written aside and renamed, as editors and git do: the folder never shows half a file.
        await File.WriteAllTextAsync(Path.Combine(_root, "exits.yaml.new"), Manifest(address: "10.66.1.3/32"));
        File.Move(Path.Combine(_root, "exits.yaml.new"), Path.Combine(Folder, "exits.yaml"), overwrite: true);
        await Until(() => _controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Generation == 2, "generation 2", () => _controller.Trigger(["a"]));
        await UntilPhase("Connected");

        Tunnel.Conditions.Items.Should().OnlyContain(c => c.ObservedGeneration == 2);
        _controller.Board.Current.Proxies["a"].Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
        Mutations.Count(c => c == "create tunnel a").Should().Be(2, "a new spec is built afresh");
    }

    [Fact]
    public async Task A_restarted_controller_adopts_a_failed_over_tunnel_on_its_current_peer()
    {
        await StartAsync();
        _host.DeadEndpoints.Add(First);
        _clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        _clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        _clock.Advance(Policy.HandshakeGrace);
        await UntilPhase("Connected");
        await _controller.StopAsync(CancellationToken.None);
        _controller.Dispose();
        var calls = Mutations.Count;

        await StartAgainAsync();

        Mutations.Skip(calls).Should().BeEmpty("a running tunnel is adopted as it is");
        Tunnel.Events.Should().Contain(e => e.Reason == "Adopted" && e.Message.Contains("peer 2", StringComparison.Ordinal));
    }

    /// <summary>A controller (a new one after a stop: a daemon restart) on the same host, state dir and folder.</summary>
    private async Task StartAgainAsync()
    {
        var options = new DaemonOptions { PollInterval = TimeSpan.FromMilliseconds(50), ResyncInterval = TimeSpan.FromMinutes(10), MetricsEndpoint = null, Lifecycle = Policy };
        _controller = new ControllerService(
            options,
            new DeclaredSources(new DeclaredStateStore(_paths), new ManifestFolder(Folder)),
            new KeyReconciler(_paths, _host, time: _clock),
            _host,
            new RecordStore(_paths),
            _paths.Naming.NamespacePrefix,
            NullLogger<ControllerService>.Instance,
            _clock,
            statuses: new StatusStore(_paths));
        await _controller.StartAsync(_stop.Token);
        await _controller.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        await UntilPhase("Connected");
    }
}
