using Tunmux.EndToEnd.Tests.Apply;
using System.Collections.Concurrent;
using System.Diagnostics;
using Tunmux.Core.Host;
using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Processes;
using Tunmux.Linux.Watching;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// The kernel drift watcher against real processes and namespaces that this test makes: an
/// exit, a removed link, a link set down and a deleted namespace each reach the key they were
/// watched for, while building things (new links, addresses, routes) says nothing.
/// </summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class KernelDriftWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<DriftSignal> _signals = new();
    private Sandbox _sandbox = null!;
    private KernelDriftWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        // A long fallback interval: a signal must come from an event, not from the poll.
        _watcher = new KernelDriftWatcher(_signals.Enqueue, TimeSpan.FromMinutes(10));
    }

    public async Task DisposeAsync()
    {
        _watcher.Dispose();
        await _sandbox.DisposeAsync();
    }

    [RootFact]
    public async Task A_watched_process_that_is_killed_is_reported_for_its_key()
    {
        using var sleeper = Process.Start("/bin/sleep", "600");
        var process = ProcStat.Capture(sleeper.Id)!;
        _watcher.Watch(new DriftTargets(new Dictionary<ProcessRef, string> { [process] = "alpha" }, new Dictionary<string, string>()));
        _watcher.EventDriven.Should().BeTrue("this kernel has pidfd_open and /run/netns exists");

        sleeper.Kill();

        var signal = await NextSignalAsync("the exit to be reported");
        signal.Should().Be(new DriftSignal("alpha", $"process {process.Pid} exited"));
    }

    [RootFact]
    public async Task A_process_whose_start_time_does_not_match_is_reported_at_once()
    {
        var self = ProcStat.Capture(Environment.ProcessId)!;
        var impostor = self with { StartTime = self.StartTime + 1 };

        _watcher.Watch(new DriftTargets(new Dictionary<ProcessRef, string> { [impostor] = "beta" }, new Dictionary<string, string>()));

        (await NextSignalAsync("the mismatch to be reported")).Key.Should().Be("beta");
    }

    [RootFact]
    public async Task Building_in_a_namespace_is_quiet_while_removing_a_link_or_setting_it_down_is_reported()
    {
        WatchNamespace(_sandbox.Name, "gamma");
        await IpAsync("link", "add", "d0", "type", "veth", "peer", "name", "d1");
        await IpAsync("link", "set", "d0", "up");
        await IpAsync("link", "set", "d1", "up");
        await IpAsync("addr", "add", "10.78.0.2/24", "dev", "d0");
        await IpAsync("route", "add", "default", "via", "10.78.0.1", "dev", "d0");

        await IpAsync("link", "set", "d0", "down");

        // The first signal is the link going down: nothing built before it said anything. (d0, not d1:
        // the kernel announces d1, created first, as a down link, and that announcement must say nothing.)
        var down = await NextSignalAsync("a link set down to be reported");
        down.Should().Be(new DriftSignal("gamma", $"namespace {_sandbox.Name}: link d0 down"));

        Drain();
        await IpAsync("link", "del", "d1");

        var removed = await NextSignalAsync("a removed link to be reported");
        removed.Key.Should().Be("gamma");
        removed.Reason.Should().StartWith($"namespace {_sandbox.Name}: link d");
    }

    [RootFact]
    public async Task A_deleted_namespace_is_reported_and_then_no_longer_held_open()
    {
        // A veth pair between the sandbox and the namespace: when the namespace is really freed,
        // its end goes and takes the sandbox's end with it. A socket still open in it would keep it.
        var name = _sandbox.NamespacePrefix + "gone";
        (await Run.ProgramAsync(["ip", "netns", "add", name])).EnsureSuccess("ip netns add");
        await IpAsync("link", "add", "x0", "type", "veth", "peer", "name", "x1", "netns", name);
        WatchNamespace(name, "delta");

        (await Run.ProgramAsync(["ip", "netns", "del", name])).EnsureSuccess("ip netns del");

        (await NextSignalAsync("the deletion to be reported")).Should().Be(new DriftSignal("delta", $"namespace {name} deleted"));
        await Eventually.ThatAsync(
            async () => (await Run.ProgramAsync(["ip", "-n", _sandbox.Name, "link", "show", "x0"])).ExitCode != 0,
            Patience,
            "the namespace to be freed (its veth end gone), so the watcher let go of it");
    }

    [RootFact]
    public async Task A_namespace_that_does_not_exist_is_reported_when_watched()
    {
        WatchNamespace(_sandbox.NamespacePrefix + "absent", "epsilon");

        (await NextSignalAsync("the missing namespace to be reported")).Key.Should().Be("epsilon");
    }

    [RootFact]
    public async Task Watching_namespaces_leaves_every_thread_of_this_process_in_its_own()
    {
        var own = new FileInfo("/proc/self/ns/net").LinkTarget;

        WatchNamespace(_sandbox.Name, "zeta");

        // Watch hands the namespace to the poll thread, which opens the socket on a short-lived
        // thread that may still be inside when we look: wait for it to end. A thread that stays in
        // the namespace never ends, so this times out and fails.
        await Eventually.ThatAsync(
            () => Task.FromResult(Directory.GetDirectories("/proc/self/task")
                .Select(task => new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget)
                .Where(target => target is not null)
                .All(target => target == own)),
            Patience,
            "every thread of this process to be back in its own namespace");
    }

    private void WatchNamespace(string name, string key) =>
        _watcher.Watch(new DriftTargets(new Dictionary<ProcessRef, string>(), new Dictionary<string, string> { [name] = key }));

    private void Drain()
    {
        while (_signals.TryDequeue(out _))
        {
        }
    }

    private async Task<DriftSignal> NextSignalAsync(string what)
    {
        DriftSignal? signal = null;
        await Eventually.ThatAsync(() => Task.FromResult(_signals.TryDequeue(out signal)), Patience, what);
        return signal!;
    }

    private async Task IpAsync(params string[] args) =>
        (await Run.ProgramAsync(["ip", "-n", _sandbox.Name, .. args])).EnsureSuccess("ip " + string.Join(' ', args));
}
