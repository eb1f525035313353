using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>The control loop against an in-memory host: readiness, drift repair, backoff, terminal errors.</summary>
public sealed class ControlLoopTests : IAsyncLifetime
{
    private readonly ControlLoopHarness _harness = new();

    private FakeExitDriver Host => _harness.Host;

    private ControlLoop Loop => _harness.Loop;

    private TunmuxPaths Paths => _harness.Paths;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task StartAsync(string manifests) => _harness.StartAsync(manifests);

    [Fact]
    public async Task The_first_round_builds_everything_declared()
    {
        await StartAsync(_harness.Exit("a") + _harness.Exit("b"));
        Host.Namespaces.Should().BeEquivalentTo(["tunmux_a", "tunmux_b"]);
        Host.Calls.Count(c => c.StartsWith("start proxy", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task A_worker_that_dies_is_restarted_without_touching_the_tunnel()
    {
        await StartAsync(_harness.Exit("a"));
        var worker = new RecordStore(Paths).LoadProxies().Records.Single().Process.Pid;
        Host.LivePids.Remove(worker);

        await Eventually.ThatAsync(() => Host.Calls.Count(c => c == "start proxy a") == 2, "the worker to be restarted");
        Host.Calls.Should().NotContain("delete tunnel a");
    }

    /// <summary>Issue #5: the daemon repairs a port keeper as it repairs a proxy worker.</summary>
    [Fact]
    public async Task A_port_keeper_that_dies_is_restarted_without_touching_the_tunnel()
    {
        var forwarding = _harness.Tunnel("a", spec: "portForwarding: true") + TempWorkspace.Proxy("a", "a");
        await StartAsync(forwarding);
        var keeper = new RecordStore(Paths).LoadPortForwards().Records.Single().Process.Pid;
        Host.LivePids.Remove(keeper);

        await Eventually.ThatAsync(
            () => new RecordStore(Paths).LoadPortForwards().Records.SingleOrDefault() is { } record && record.Process.Pid != keeper,
            "the keeper to be restarted and recorded");
        Host.Calls.Count(c => c == "start keeper a").Should().Be(2);
        Host.Calls.Should().NotContain("delete tunnel a");
    }

    [Fact]
    public async Task A_vanished_namespace_is_rebuilt()
    {
        await StartAsync(_harness.Exit("a"));
        Host.Namespaces.Remove("tunmux_a");
        await Eventually.ThatAsync(() => Host.Namespaces.Contains("tunmux_a") && Host.Calls.Count(c => c == "create tunnel a") == 2, "the namespace to be rebuilt");
    }

    [Fact]
    public async Task A_failing_tunnel_is_retried_with_backoff_and_the_others_carry_on()
    {
        Host.FailingTunnels.Add("bad");
        await StartAsync(_harness.Exit("good") + _harness.Exit("bad"));
        Host.Namespaces.Should().Contain("tunmux_good");
        var status = Loop.Status["bad"];
        status.Failures.Should().BeGreaterThan(0);
        status.NextRetry.Should().NotBeNull();

        Host.FailingTunnels.Clear();
        await Eventually.ThatAsync(() => Host.Namespaces.Contains("tunmux_bad"), "the retry to succeed");
        await Eventually.ThatAsync(() => Loop.Status["bad"].Failures == 0, "the failure count to reset");
    }

    [Fact]
    public async Task An_invalid_spec_is_terminal_and_not_retried()
    {
        await StartAsync(_harness.Exit("good") + _harness.Exit("broken", _harness.PathOf("missing.key")));
        Loop.Status["broken"].LastReport!.InvalidSpec.Should().NotBeEmpty();
        Loop.Status["broken"].NextRetry.Should().BeNull();
        var calls = Host.MutatingCalls;
        Loop.Trigger(["good"]);
        await Eventually.ThatAsync(() => Loop.Status["good"].LastReconciled > DateTimeOffset.UtcNow.AddSeconds(-5), "a pass over good");
        Host.Calls.Should().NotContain(c => c.Contains("broken", StringComparison.Ordinal));
        Host.MutatingCalls.Should().Be(calls);
    }

    /// <summary>The front-end API (issue #9): an apply stores the set, queues its keys and hears their outcomes.</summary>
    [Fact]
    public async Task An_apply_stores_the_objects_queues_their_keys_and_returns_each_outcome()
    {
        await StartAsync(_harness.Exit("a"));
        var incoming = _harness.Objects(_harness.Exit("b") + _harness.Exit("c", _harness.PathOf("missing.key")));

        var change = await Loop.ApplyAsync(incoming, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeFalse();
        change.Keys.Should().Equal("b", "c");
        change.Outcomes["b"].Should().BeOfType<KeyOutcome.Ready>();
        change.Outcomes["c"].Should().BeOfType<KeyOutcome.InvalidSpec>().Which.Errors.Should().Contain(e => e.FieldPath.Contains("privateKeyFile", StringComparison.Ordinal));
        Host.Namespaces.Should().Contain("tunmux_b").And.NotContain("tunmux_c");
        new DeclaredStateStore(Paths).Load().Objects.Select(o => o.Name).Distinct().Should().BeEquivalentTo(["b", "c"]);
        Loop.Declared.Objects.Select(o => o.Name).Distinct().Should().BeEquivalentTo(["a", "b", "c"], "the folder's objects and the stored ones together");
    }

    [Fact]
    public async Task An_apply_that_does_not_validate_is_refused_and_stores_nothing()
    {
        await StartAsync(_harness.Exit("a"));
        var incoming = _harness.Objects(_harness.Exit("b"));
        var orphanProxy = incoming.OfType<ProxyManifest>().Single() with { Spec = incoming.OfType<ProxyManifest>().Single().Spec with { TunnelRef = "nowhere" } };

        var change = await Loop.ApplyAsync([orphanProxy], prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeTrue();
        change.Outcomes.Should().BeEmpty();
        new DeclaredStateStore(Paths).Load().Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task A_delete_through_the_api_removes_the_stored_objects_and_their_exit()
    {
        await StartAsync(_harness.Exit("a"));
        var incoming = _harness.Objects(_harness.Exit("b"));
        await Loop.ApplyAsync(incoming, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var change = await Loop.DeleteAsync(o => o.Name == "b", wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Keys.Should().Equal("b");
        change.Outcomes["b"].Should().BeOfType<KeyOutcome.Ready>();
        Host.Namespaces.Should().Equal("tunmux_a");
    }

    /// <summary>Issue #9: the socket validates an apply against every source the loop reads, not the stored set alone.</summary>
    [Fact]
    public async Task A_proxy_applied_for_a_tunnel_of_the_gitops_folder_is_accepted_and_built()
    {
        await StartAsync(_harness.Exit("a"));
        var incoming = _harness.Objects(_harness.Exit("a"));
        var proxy = incoming.OfType<ProxyManifest>().Single();
        var second = proxy with { Metadata = proxy.Metadata with { Name = "a-second" } };

        var change = await Loop.ApplyAsync([second], prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeFalse(string.Join("; ", change.Errors));
        change.Outcomes["a"].Should().BeOfType<KeyOutcome.Ready>();
        new RecordStore(Paths).LoadProxies().Records.Select(r => r.Name).Should().BeEquivalentTo(["a", "a-second"]);
    }

    /// <summary>Issue #9: a dry run asks the loop's reconciler for each key's plan; nothing is stored or changed.</summary>
    [Fact]
    public async Task A_planned_apply_reports_each_keys_plan_and_stores_and_changes_nothing()
    {
        await StartAsync(_harness.Exit("a"));
        var calls = Host.MutatingCalls;
        var incoming = _harness.Objects(_harness.Exit("b"));

        var change = await Loop.PlanApplyAsync(incoming, prune: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Keys.Should().Equal("b");
        var plan = change.Passes["b"].Report.Plan!;
        plan.Changes.Select(c => (c.Kind, c.Name, c.Action)).Should().Equal(
            (Core.Planning.ResourceKind.Tunnel, "b", Core.Planning.ChangeAction.Create), (Core.Planning.ResourceKind.Proxy, "b", Core.Planning.ChangeAction.Create));
        change.Passes["b"].Report.Execution.Should().BeNull();
        Host.MutatingCalls.Should().Be(calls);
        new DeclaredStateStore(Paths).Load().Objects.Should().BeEmpty();
    }
}
