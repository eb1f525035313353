using System.Net;
using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Several workers reconcile keys side by side, never one key twice, and automatic ports stay
/// unique. Builds are held at a gate (<see cref="GatedExitDriver"/>) and released by the test:
/// what overlaps is decided by the test, not by timing.
/// </summary>
public sealed class ParallelReconcileTests : IAsyncLifetime
{
    private readonly ControlLoopHarness _harness;
    private readonly GatedExitDriver _host;

    public ParallelReconcileTests()
    {
        _harness = new ControlLoopHarness();
        _host = new GatedExitDriver(_harness.Host);
        _harness.Driver = _host;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _host.Release();
        await _harness.DisposeAsync();
    }

    private string Exits(params string[] names) => string.Concat(names.Select(n => _harness.Exit(n)));

    private IReadOnlyList<ManifestObject> Declared(string text) => _harness.Objects(text);

    /// <summary>Starts the loop without waiting for its first round: a test that holds builds releases them first.</summary>
    private Task<ControlLoop> StartLoopAsync(string manifests, int workers)
    {
        _harness.Options = TestControlLoops.Options with { Workers = workers };
        return _harness.StartAsync(manifests, firstRound: false);
    }

    private IReadOnlyList<int> RecordedPorts() =>
        [.. new RecordStore(_harness.Paths).LoadProxies().Records.Select(r => IPEndPoint.Parse(r.SocksListen!).Port)];

    [Fact]
    public async Task Workers_build_different_exits_at_the_same_time()
    {
        string[] names = ["a", "b", "c", "d"];
        _host.Hold(names);
        // One worker more than exits: the host key (orphans) runs alone and waits for the held builds.
        var loop = await StartLoopAsync(Exits(names), workers: 5);

        // With one worker (or a lock around whole passes) only one build could ever be in flight.
        await _host.UntilInFlight(4);
        _host.Release();

        await loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        _host.Inner.Namespaces.Should().BeEquivalentTo(names.Select(n => $"tunmux_{n}"));
        _host.MaxInFlight.Should().Be(4);
        _host.MaxInFlightPerKey.Should().Be(1);
    }

    [Fact]
    public async Task A_key_queued_again_while_it_is_reconciled_waits_and_a_free_worker_takes_the_next_key()
    {
        var loop = await StartLoopAsync(Exits("a", "b"), workers: 2);
        await loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));

        // a's namespace vanishes: one worker rebuilds it and is held there; the other is free.
        _host.Hold("a");
        _host.Inner.RemoveNamespace("tunmux_a");
        loop.Trigger(["a"]);
        await _host.UntilArrived("tunnel a", times: 2);

        // "a" is queued before "b": a queue that handed a key being reconciled to the free worker
        // would give it "a" (a second build of it, or a worker stuck behind a's key lock) and "b"
        // would never be reconciled while "a" is held.
        loop.Trigger(["a"]);
        var outcomes = await loop.WaitForAsync(["b"], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        outcomes["b"].Should().BeOfType<KeyOutcome.Ready>();
        _host.Arrivals.Count(a => a == "tunnel a").Should().Be(2);

        _host.Release();
        await loop.WaitForAsync(["a"], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        _host.MaxInFlightPerKey.Should().Be(1);
        _host.Arrivals.Count(a => a == "tunnel a").Should().Be(2, "the pass queued while the rebuild ran found a built and changed nothing");
    }

    [Fact]
    public async Task Exits_built_at_the_same_time_get_different_ports()
    {
        string[] names = ["a", "b", "c", "d", "e", "f"];
        foreach (var name in names)
        {
            _host.Hold(name);
        }

        var loop = await StartLoopAsync(Exits(names), workers: 7);
        await _host.UntilInFlight(6);
        _host.Release();
        await loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));

        RecordedPorts().Should().HaveCount(6).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_second_pass_of_a_key_waits_for_the_first_even_outside_the_queue()
    {
        var reconciler = new KeyReconciler(_harness.Paths, _host);
        var declared = Declared(Exits("a"));
        var spec = await reconciler.PrepareAsync("a", declared, CancellationToken.None);
        _host.Hold("a");
        var first = reconciler.ApplyAsync(spec, CancellationToken.None);
        await _host.UntilArrived("tunnel a");

        // Without the key lock the second pass would observe no tunnel and build it a second time,
        // reaching the gate before ApplyAsync returns (everything before the build completes at once).
        var second = reconciler.ApplyAsync(spec, CancellationToken.None);
        _host.Arrivals.Count(a => a == "tunnel a").Should().Be(1);
        second.IsCompleted.Should().BeFalse();

        _host.Release();
        (await first).Execution!.Succeeded.Should().BeTrue();
        (await second).Plan!.HasChanges.Should().BeFalse("the second pass ran after the first and found everything built");
        _host.MaxInFlightPerKey.Should().Be(1);
    }

    [Fact]
    public async Task A_port_picked_by_a_pass_that_has_not_recorded_it_yet_is_not_given_again()
    {
        var reconciler = new KeyReconciler(_harness.Paths, _host);
        var declared = Declared(Exits("a", "b"));
        _host.Hold("proxy a");
        var first = reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        await _host.UntilArrived("proxy a");

        // a's worker is starting with its port but has no record yet, and nothing listens on it.
        var second = await reconciler.ReconcileAsync("b", declared, CancellationToken.None);
        _host.Release();
        var firstReport = await first;

        firstReport.Execution!.Succeeded.Should().BeTrue();
        second.Execution!.Succeeded.Should().BeTrue();
        RecordedPorts().Should().HaveCount(2).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_port_is_free_again_once_the_pass_that_held_it_failed()
    {
        var reconciler = new KeyReconciler(_harness.Paths, _host);
        _host.Inner.FailingTunnels.Add("a");
        var declared = Declared(Exits("a", "b"));
        var failed = await reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        failed.Execution!.Succeeded.Should().BeFalse();

        await reconciler.ReconcileAsync("b", declared, CancellationToken.None);
        RecordedPorts().Should().Equal(1080);
    }
}
