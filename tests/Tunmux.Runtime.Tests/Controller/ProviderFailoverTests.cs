using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #4: a provider tunnel whose server stops answering is reconnected, then failed over to
/// the next server that matches its selector (re-resolved, rebuilt); it keeps that server, and
/// with no other server to go to it is reset in place. In-memory host and provider, manual clock.
/// </summary>
public sealed class ProviderFailoverTests : IAsyncLifetime
{
    private const string Best = "se-sto-wg-002";
    private const string Next = "se-got-wg-001";

    private static readonly LifecyclePolicy Policy = LifecyclePolicy.Default with
    {
        ReconnectsBeforeFailover = 1,
        DegradedConfirmation = TimeSpan.FromSeconds(10),
    };

    private const string Manifests = """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {name: a}
        spec:
          provider: mullvad
          server: {country: se}
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {name: a}
        spec: {tunnelRef: a}

        """;

    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private ControlLoopHarness _harness = null!;
    private FakeProviderSource _provider = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private LiveObjectStatus Tunnel => _harness.TunnelStatus();

    private async Task StartAsync(params string[] servers)
    {
        _provider = new FakeProviderSource(_clock, [.. servers.Select((name, i) => (name, $"198.18.{i + 1}.2:51820"))]);
        _harness = new ControlLoopHarness(_clock)
        {
            Options = TestControlLoops.Options with { Lifecycle = Policy },
            Providers = [_provider],
            SavesStatus = true,
        };
        await _harness.StartAsync(Manifests);
        await _harness.UntilPhase("Connected");
    }

    /// <summary>Lets the handshake go stale and confirms it: the tunnel is reconnecting.</summary>
    private async Task GoStaleAsync()
    {
        _clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await _harness.UntilPhase("Degraded");
        _clock.Advance(Policy.DegradedConfirmation);
        await _harness.UntilPhase("Reconnecting");
    }

    /// <summary>The server stops answering; the test moves the clock through the reconnect to the failover.</summary>
    private async Task FailServerAsync(string server)
    {
        _harness.Host.DeadEndpoints.Add(_provider.EndpointOf(server));
        await GoStaleAsync();
        _harness.Mutations.Should().EndWith("reconnect a peer 1", "the first rung reconnects to the same server");
        _clock.Advance(Policy.HandshakeGrace);
    }

    [Fact]
    public async Task A_stale_handshake_leads_after_the_reconnect_to_a_rebuild_on_the_next_matching_server()
    {
        await StartAsync(Best, Next, "se-mma-wg-003");
        _harness.Host.Tunnels["a"].PeerEndpoint.Should().Be(_provider.EndpointOf(Best));
        var before = _harness.Mutations.Count;
        var planned = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _harness.Loop.Reconciled += report =>
        {
            foreach (var change in report.Plan?.Changes.Where(c => c.Kind == Core.Planning.ResourceKind.Tunnel && c.Action != Core.Planning.ChangeAction.NoOp) ?? [])
            {
                planned.Enqueue($"{change.Action}: {change.Reason}");
            }
        };

        await FailServerAsync(Best);
        await Eventually.ThatAsync(() => _harness.Host.Tunnels.TryGetValue("a", out var t) && t.PeerEndpoint == _provider.EndpointOf(Next), "the rebuild on the next server");
        await _harness.UntilPhase("Connected");

        _provider.Marked.Should().Equal(Best);
        _provider.Resolved.Should().EndWith(Next).And.NotContain("se-mma-wg-003");
        _harness.Mutations.Skip(before).Should().Equal(
            ["reconnect a peer 1", "stop proxy a", "delete tunnel a", "create tunnel a", "start proxy a"],
            "the proxy stops before the tunnel goes and starts only once the new one is there: the exit never has another way out");
        Tunnel.Events.Should().Contain(e => e.Reason == LifecycleReasons.FailingOver
            && e.Message.StartsWith($"failing over from server {Best} to server {Next}, because ", StringComparison.Ordinal));
        Tunnel.Generation.Should().Be(1, "a failover is no new spec");
        planned.Should().Equal(["Reconnect: reconnect: peer 1 again", $"Replace: change server: {Best} failed, {Next} chosen"], "both recovery steps are planned changes of the key's passes");
        _harness.ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
    }

    [Fact]
    public async Task After_a_failover_the_new_server_is_kept_by_later_passes_and_after_a_restart()
    {
        await StartAsync(Best, Next);
        await FailServerAsync(Best);
        await Eventually.ThatAsync(() => _harness.Host.Tunnels.TryGetValue("a", out var t) && t.PeerEndpoint == _provider.EndpointOf(Next), "the rebuild on the next server");
        await _harness.UntilPhase("Connected");
        _harness.Host.DeadEndpoints.Clear();
        var settled = _harness.Mutations.Count;
        var resolvedSoFar = _provider.Resolved.Count;

        for (var pass = 0; pass < 3; pass++)
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            var resolutions = _provider.Resolved.Count;
            _harness.Loop.Trigger(["a"]);
            await Eventually.ThatAsync(() => _provider.Resolved.Count > resolutions, "another pass");
        }

        await _harness.RestartAsync();
        await _harness.UntilPhase("Connected");

        _provider.Resolved.Skip(resolvedSoFar).Should().OnlyContain(s => s == Next, "the chosen server changes only when it must, even once the mark expired");
        _harness.Mutations.Skip(settled).Should().BeEmpty("nothing is rebuilt, and the restarted controller adopts the tunnel as it runs");
    }

    [Fact]
    public async Task With_no_other_matching_server_the_same_one_is_reset_in_place_and_the_exit_stays_closed()
    {
        await StartAsync(Best);
        var before = _harness.Mutations.Count;

        await FailServerAsync(Best);
        // Status is published after the lifecycle's actions ran, so the reset is done once it shows.
        await Eventually.ThatAsync(
            () => Tunnel.Events.Any(e => e.Message.StartsWith($"failing over from server {Best}: no other server matches the selector", StringComparison.Ordinal)),
            "the reset in place",
            () => _harness.Loop.Trigger(["a"]));

        _provider.Marked.Should().Equal(Best);
        _harness.Mutations.Skip(before).Should().Equal(["reconnect a peer 1", "reconnect a peer 1"], "the reconnect, then the reset; nothing is torn down or opened");
        _harness.ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        _harness.Host.Tunnels["a"].HasDefaultRoute.Should().BeTrue("the namespace keeps its one route, into the tunnel");
    }

    [Fact]
    public async Task A_provider_that_cannot_be_asked_leaves_the_running_tunnel_alone_and_is_asked_again()
    {
        await StartAsync(Best, Next);
        var before = _harness.Mutations.Count;
        _provider.Unreachable = true;

        _harness.Loop.Trigger(["a"]);
        await Eventually.ThatAsync(() => _provider.FailedResolutions >= 1, "a resolution that fails");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.ThatAsync(() => _provider.FailedResolutions >= 2, "the retry with backoff, with no outside trigger");

        _harness.Mutations.Skip(before).Should().BeEmpty("an unreachable API is no reason to touch a working exit");
        Tunnel.Phase.Should().Be("Connected");
        Tunnel.Generation.Should().Be(1, "the spec did not change");
        _harness.ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        _harness.Loop.Status["a"].LastReport!.FailureReason.Should().Be("ProviderUnavailable");

        _provider.Unreachable = false;
        var resolved = _provider.Resolved.Count;
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.ThatAsync(() => _provider.Resolved.Count > resolved, "a resolution once the API is back", () => _harness.Loop.Trigger(["a"]));
        _provider.Resolved.Skip(resolved).Should().OnlyContain(s => s == Best);
        _harness.Mutations.Skip(before).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failover_waiting_for_an_unreachable_provider_keeps_waiting_closed_and_then_moves_on()
    {
        await StartAsync(Best, Next);
        _provider.Unreachable = true;
        await FailServerAsync(Best);
        await _harness.UntilPhase("FailingOver");
        var failed = _provider.FailedResolutions;
        await Eventually.ThatAsync(() => _provider.FailedResolutions > failed, "the failover's resolution to fail", () => _harness.Loop.Trigger(["a"]));

        Tunnel.Phase.Should().Be("FailingOver", "the failover waits for the provider instead of calling the spec invalid");
        Tunnel.Generation.Should().Be(1);
        Tunnel.Events.Should().NotContain(e => e.Reason == LifecycleReasons.InvalidSpec);
        _harness.Host.Tunnels["a"].HasDefaultRoute.Should().BeTrue("the exit stays closed: its only route is the tunnel");

        _provider.Unreachable = false;
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.ThatAsync(
            () => _harness.Host.Tunnels.TryGetValue("a", out var t) && t.PeerEndpoint == _provider.EndpointOf(Next),
            "the rebuild on the next server once the provider answers",
            () => _harness.Loop.Trigger(["a"]));
        await _harness.UntilPhase("Connected");
        Tunnel.Generation.Should().Be(1, "a failover is no new spec");
    }

    /// <summary>Issue #9: a transient provider error never blocks a repair that needs no answer from it.</summary>
    [Fact]
    public async Task A_dead_proxy_worker_is_restarted_with_the_last_resolved_spec_while_the_provider_cannot_be_asked()
    {
        await StartAsync(Best, Next);
        _provider.Unreachable = true;
        var failed = _provider.FailedResolutions;
        var before = _harness.Mutations.Count;
        var worker = new RecordStore(_harness.Paths).LoadProxies().Records.Single().Process.Pid;
        _harness.Host.LivePids.Remove(worker);

        await Eventually.ThatAsync(() => _harness.Mutations.Skip(before).Contains("start proxy a"), "the worker to be restarted");
        _provider.FailedResolutions.Should().BeGreaterThan(failed, "the repairing pass asked the provider, which could not answer");
        _harness.Mutations.Skip(before).Should().Equal(["stop proxy a", "start proxy a"], "only the worker is repaired (its leftovers cleared, then started): the tunnel keeps its server");
        _harness.Host.Tunnels["a"].PeerEndpoint.Should().Be(_provider.EndpointOf(Best));
        await Eventually.ThatAsync(() => _harness.Loop.Status["a"].Outcome is KeyOutcome.Unavailable, "the pass to report the provider unavailable");
        _harness.Loop.Status["a"].NextRetry.Should().NotBeNull("the resolution is retried with backoff");
    }
}
