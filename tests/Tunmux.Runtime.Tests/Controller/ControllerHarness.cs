using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Runtime.Resolution;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// A controller over an in-memory host, a GitOps folder and a clock the test moves; one tunnel
/// "a" is watched. Timers still run in real time, so the controller works while the test waits.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-health-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<IProviderTunnelSource> _providers;
    private ControlLoop? _controller;

    public ControllerHarness(LifecyclePolicy policy, ManualClock clock, params IProviderTunnelSource[] providers)
    {
        Policy = policy;
        Clock = clock;
        _providers = providers;
        Host.Clock = Clock;
        Paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxlab_");
    }

    public LifecyclePolicy Policy { get; }

    public ManualClock Clock { get; }

    public FakeExitDriver Host { get; } = new();

    public TunmuxPaths Paths { get; }

    public ControlLoop Controller => _controller ?? throw new InvalidOperationException("not started");

    public LiveObjectStatus Tunnel => Controller.Board.Current.Tunnels["a"];

    public IReadOnlyList<string> Mutations => Host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).ToList();

    /// <summary>The GitOps folder the controller watches.</summary>
    public string Folder => Path.Combine(_root, "gitops");

    /// <summary>A path in the test's own temporary folder, for files manifests refer to.</summary>
    public string PathOf(string name) => Path.Combine(_root, name);

    public Condition ConditionOf(string type) => Tunnel.Conditions.Find(type)!;

    /// <summary>Writes the manifests into the GitOps folder, starts the controller and waits until the tunnel is connected.</summary>
    public async Task StartAsync(string manifests)
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "exits.yaml"), manifests);
        await StartAgainAsync();
    }

    /// <summary>A new controller over the same host, state and providers, as after a daemon restart.</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        var options = new ControllerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            ResyncInterval = TimeSpan.FromMinutes(10),
            Lifecycle = Policy,
        };
        _controller = new ControlLoop(
            options,
            new DeclaredSources(new DeclaredStateStore(Paths), new ManifestFolder(Folder)),
            new KeyReconciler(Paths, Host, _providers, time: Clock),
            Host,
            new RecordStore(Paths),
            Paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance,
            Clock,
            statuses: new StatusStore(Paths));
        await _controller.StartAsync(_stop.Token);
        await _controller.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        await UntilPhase("Connected");
    }

    /// <summary>Stops the controller as a daemon stops: the exits stay up.</summary>
    public async Task StopAsync()
    {
        if (_controller is not null)
        {
            await _controller.StopAsync(CancellationToken.None);
            _controller.Dispose();
            _controller = null;
        }
    }

    public async Task UntilPhase(string phase)
    {
        // Health checks come on their own while a handshake is awaited; a trigger covers the rest.
        await Until(() => Controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Phase == phase, $"phase {phase}", () => Controller.Trigger(["a"]));
    }

    public static async Task Until(Func<bool> condition, string what, Action? nudge = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"waiting for {what}");
            nudge?.Invoke();
            await Task.Delay(50);
        }
    }

    /// <summary>Lets the handshake go stale and confirms it: the tunnel is reconnecting.</summary>
    public async Task GoStaleAsync()
    {
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        Clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await StopAsync();
        _stop.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
