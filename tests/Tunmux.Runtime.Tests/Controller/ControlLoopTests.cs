using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>The control loop against an in-memory host: readiness, drift repair, backoff, terminal errors.</summary>
public sealed class ControlLoopTests : IAsyncLifetime
{
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-controller-").FullName;
    private readonly FakeExitDriver _host = new();
    private readonly CancellationTokenSource _stop = new();
    private TunmuxPaths _paths = null!;
    private ControlLoop _controller = null!;

    public Task InitializeAsync()
    {
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
        }

        Directory.Delete(_root, recursive: true);
    }

    private static string Manifest(string name, string keyFile) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          wireguard:
            privateKeyFile: {keyFile}
            addresses: [10.66.1.2/32]
            peer: {"{"}publicKey: {PeerKey}, endpoint: "198.18.1.2:51820", allowedIPs: [0.0.0.0/0]{"}"}
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {"{"}name: {name}{"}"}
        spec: {"{"}tunnelRef: {name}{"}"}
        ---

        """;

    private async Task StartAsync(string manifests, string? folder = null)
    {
        var directory = folder ?? Path.Combine(_root, "gitops");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "exits.yaml"), manifests);
        var options = new ControllerOptions { PollInterval = TimeSpan.FromMilliseconds(50), ResyncInterval = TimeSpan.FromMinutes(10) };
        var records = new RecordStore(_paths);
        _controller = new ControlLoop(
            options,
            new DeclaredSources(new DeclaredStateStore(_paths), new ManifestFolder(directory)),
            new KeyReconciler(_paths, _host),
            _host,
            records,
            _paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance);
        await _controller.StartAsync(_stop.Token);
        await _controller.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_first_round_builds_everything_declared()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")) + Manifest("b", Path.Combine(_root, "client.key")));
        _host.Namespaces.Should().BeEquivalentTo(["tunmux_a", "tunmux_b"]);
        _host.Calls.Count(c => c.StartsWith("start proxy", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task A_worker_that_dies_is_restarted_without_touching_the_tunnel()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var worker = new RecordStore(_paths).LoadProxies().Records.Single().Process.Pid;
        _host.LivePids.Remove(worker);

        await Until(() => _host.Calls.Count(c => c == "start proxy a") == 2, "the worker to be restarted");
        _host.Calls.Should().NotContain("delete tunnel a");
    }

    /// <summary>Issue #5: the daemon repairs a port keeper as it repairs a proxy worker.</summary>
    [Fact]
    public async Task A_port_keeper_that_dies_is_restarted_without_touching_the_tunnel()
    {
        var forwarding = Manifest("a", Path.Combine(_root, "client.key")).Replace("spec:\n  wireguard:", "spec:\n  portForwarding: true\n  wireguard:", StringComparison.Ordinal);
        await StartAsync(forwarding);
        var keeper = new RecordStore(_paths).LoadPortForwards().Records.Single().Process.Pid;
        _host.LivePids.Remove(keeper);

        await Until(
            () => new RecordStore(_paths).LoadPortForwards().Records.SingleOrDefault() is { } record && record.Process.Pid != keeper,
            "the keeper to be restarted and recorded");
        _host.Calls.Count(c => c == "start keeper a").Should().Be(2);
        _host.Calls.Should().NotContain("delete tunnel a");
    }

    [Fact]
    public async Task A_vanished_namespace_is_rebuilt()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        _host.Namespaces.Remove("tunmux_a");
        await Until(() => _host.Namespaces.Contains("tunmux_a") && _host.Calls.Count(c => c == "create tunnel a") == 2, "the namespace to be rebuilt");
    }

    [Fact]
    public async Task A_failing_tunnel_is_retried_with_backoff_and_the_others_carry_on()
    {
        _host.FailingTunnels.Add("bad");
        await StartAsync(Manifest("good", Path.Combine(_root, "client.key")) + Manifest("bad", Path.Combine(_root, "client.key")));
        _host.Namespaces.Should().Contain("tunmux_good");
        var status = _controller.Status["bad"];
        status.Failures.Should().BeGreaterThan(0);
        status.NextRetry.Should().NotBeNull();

        _host.FailingTunnels.Clear();
        await Until(() => _host.Namespaces.Contains("tunmux_bad"), "the retry to succeed");
        await Until(() => _controller.Status["bad"].Failures == 0, "the failure count to reset");
    }

    [Fact]
    public async Task An_invalid_spec_is_terminal_and_not_retried()
    {
        await StartAsync(Manifest("good", Path.Combine(_root, "client.key")) + Manifest("broken", Path.Combine(_root, "missing.key")));
        _controller.Status["broken"].LastReport!.InvalidSpec.Should().NotBeEmpty();
        _controller.Status["broken"].NextRetry.Should().BeNull();
        var calls = _host.MutatingCalls;
        _controller.Trigger(["good"]);
        await Until(() => _controller.Status["good"].LastReconciled > DateTimeOffset.UtcNow.AddSeconds(-5), "a pass over good");
        _host.Calls.Should().NotContain(c => c.Contains("broken", StringComparison.Ordinal));
        _host.MutatingCalls.Should().Be(calls);
    }

    /// <summary>The front-end API (issue #9): an apply stores the set, queues its keys and hears their outcomes.</summary>
    [Fact]
    public async Task An_apply_stores_the_objects_queues_their_keys_and_returns_each_outcome()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var incoming = ManifestLoader.LoadText(Manifest("b", Path.Combine(_root, "client.key")) + Manifest("c", Path.Combine(_root, "missing.key")), "in.yaml", _root);

        var change = await _controller.ApplyAsync(incoming.Objects, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeFalse();
        change.Keys.Should().Equal("b", "c");
        change.Outcomes["b"].Should().BeOfType<KeyOutcome.Ready>();
        change.Outcomes["c"].Should().BeOfType<KeyOutcome.InvalidSpec>().Which.Errors.Should().Contain(e => e.FieldPath.Contains("privateKeyFile", StringComparison.Ordinal));
        _host.Namespaces.Should().Contain("tunmux_b").And.NotContain("tunmux_c");
        new DeclaredStateStore(_paths).Load().Objects.Select(o => o.Name).Distinct().Should().BeEquivalentTo(["b", "c"]);
        _controller.Declared.Objects.Select(o => o.Name).Distinct().Should().BeEquivalentTo(["a", "b", "c"], "the folder's objects and the stored ones together");
    }

    [Fact]
    public async Task An_apply_that_does_not_validate_is_refused_and_stores_nothing()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var incoming = ManifestLoader.LoadText(Manifest("b", Path.Combine(_root, "client.key")), "in.yaml", _root);
        var orphanProxy = incoming.Objects.OfType<ProxyManifest>().Single() with { Spec = incoming.Objects.OfType<ProxyManifest>().Single().Spec with { TunnelRef = "nowhere" } };

        var change = await _controller.ApplyAsync([orphanProxy], prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeTrue();
        change.Outcomes.Should().BeEmpty();
        new DeclaredStateStore(_paths).Load().Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task A_delete_through_the_api_removes_the_stored_objects_and_their_exit()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var incoming = ManifestLoader.LoadText(Manifest("b", Path.Combine(_root, "client.key")), "in.yaml", _root);
        await _controller.ApplyAsync(incoming.Objects, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var change = await _controller.DeleteAsync(o => o.Name == "b", wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Keys.Should().Equal("b");
        change.Outcomes["b"].Should().BeOfType<KeyOutcome.Ready>();
        _host.Namespaces.Should().Equal("tunmux_a");
    }

    /// <summary>Issue #9: the socket validates an apply against every source the loop reads, not the stored set alone.</summary>
    [Fact]
    public async Task A_proxy_applied_for_a_tunnel_of_the_gitops_folder_is_accepted_and_built()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var incoming = ManifestLoader.LoadText(Manifest("a", Path.Combine(_root, "client.key")), "in.yaml", _root);
        var proxy = incoming.Objects.OfType<ProxyManifest>().Single();
        var second = proxy with { Metadata = proxy.Metadata with { Name = "a-second" } };

        var change = await _controller.ApplyAsync([second], prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Refused.Should().BeFalse(string.Join("; ", change.Errors));
        change.Outcomes["a"].Should().BeOfType<KeyOutcome.Ready>();
        new RecordStore(_paths).LoadProxies().Records.Select(r => r.Name).Should().BeEquivalentTo(["a", "a-second"]);
    }

    /// <summary>Issue #9: a dry run asks the loop's reconciler for each key's plan; nothing is stored or changed.</summary>
    [Fact]
    public async Task A_planned_apply_reports_each_keys_plan_and_stores_and_changes_nothing()
    {
        await StartAsync(Manifest("a", Path.Combine(_root, "client.key")));
        var calls = _host.MutatingCalls;
        var incoming = ManifestLoader.LoadText(Manifest("b", Path.Combine(_root, "client.key")), "in.yaml", _root);

        var change = await _controller.PlanApplyAsync(incoming.Objects, prune: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Keys.Should().Equal("b");
        var plan = change.Passes["b"].Report.Plan!;
        plan.Changes.Select(c => (c.Kind, c.Name, c.Action)).Should().Equal(
            (Core.Planning.ResourceKind.Tunnel, "b", Core.Planning.ChangeAction.Create), (Core.Planning.ResourceKind.Proxy, "b", Core.Planning.ChangeAction.Create));
        change.Passes["b"].Report.Execution.Should().BeNull();
        _host.MutatingCalls.Should().Be(calls);
        new DeclaredStateStore(_paths).Load().Objects.Should().BeEmpty();
    }
}
