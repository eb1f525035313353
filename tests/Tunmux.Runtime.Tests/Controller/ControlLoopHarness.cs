using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// A control loop over an in-memory host, in a temporary folder with a valid key
/// (<see cref="KeyFile"/>) and a GitOps folder: what the loop is built from is set before
/// <see cref="StartAsync"/>, what it did is read from <see cref="Host"/> and <see cref="Loop"/>.
/// A test that moves time passes its own clock (a <see cref="ManualClock"/> moves only "now", so
/// timers still run in real time; a FakeTimeProvider moves timers too); the host follows it.
/// </summary>
internal sealed class ControlLoopHarness : IAsyncDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly CancellationTokenSource _stop = new();
    private ControlLoop? _loop;

    public ControlLoopHarness(TimeProvider? clock = null)
    {
        Clock = clock;
        if (clock is not null)
        {
            Host.Clock = clock;
        }
    }

    /// <summary>The loop's clock; null for the system clock.</summary>
    public TimeProvider? Clock { get; }

    public FakeExitDriver Host { get; } = new();

    /// <summary>What the loop drives: <see cref="Host"/> unless a test puts something in front of it.</summary>
    public IExitDriver? Driver { get; set; }

    public ControllerOptions Options { get; set; } = TestControlLoops.Options;

    /// <summary>False: the loop reads only the stored set (what applies bring), no GitOps folder.</summary>
    public bool WatchesFolder { get; set; } = true;

    public IReadOnlyList<IProviderTunnelSource> Providers { get; set; } = [];

    /// <summary>True: the loop saves each object's status under <see cref="Paths"/>, as the daemon does.</summary>
    public bool SavesStatus { get; set; }

    public Func<Action<DriftSignal>, IDriftWatcher>? DriftWatcher { get; set; }

    public IDirectKeyReconciler? Direct { get; set; }

    public string Root => _workspace.Root;

    public TunmuxPaths Paths => _workspace.Paths;

    /// <summary>A valid private key for the manifests' <c>privateKeyFile</c>.</summary>
    public string KeyFile => PathOf("client.key");

    /// <summary>The GitOps folder the loop watches.</summary>
    public string Folder => PathOf("gitops");

    public ControlLoop Loop => _loop ?? throw new InvalidOperationException("not started");

    /// <summary>The host calls that change something (everything but inspections), in order.</summary>
    public IReadOnlyList<string> Mutations => Host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).ToList();

    /// <summary>A path in the test's own temporary folder, for files manifests refer to.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A tunnel of one peer with the harness's key, and its proxy of the same name.</summary>
    public string Exit(string name, string? keyFile = null) => Tunnel(name, keyFile) + TempWorkspace.Proxy(name, name);

    /// <summary>A tunnel of one peer with the harness's key (or <paramref name="keyFile"/>).</summary>
    /// <param name="spec">One more line under <c>spec</c>, such as <c>mode: direct</c>.</param>
    public string Tunnel(string name, string? keyFile = null, string? spec = null) =>
        TempWorkspace.Tunnel(name, keyFile: keyFile ?? KeyFile, spec: spec);

    /// <summary>Manifest text as an apply through the API brings it.</summary>
    public IReadOnlyList<ManifestObject> Objects(string manifests) => ManifestLoader.LoadText(manifests, "in.yaml", Root).Objects;

    /// <summary>Replaces the GitOps folder's manifests as editors and git do: written aside and renamed, never half a file.</summary>
    public async Task WriteManifestsAsync(string manifests)
    {
        Directory.CreateDirectory(Folder);
        var aside = PathOf("exits.yaml.new");
        await File.WriteAllTextAsync(aside, manifests);
        File.Move(aside, Path.Combine(Folder, "exits.yaml"), overwrite: true);
    }

    /// <summary>
    /// Writes <paramref name="manifests"/> (if any) into the GitOps folder, starts the loop and,
    /// unless told not to, waits for its first round.
    /// </summary>
    public async Task<ControlLoop> StartAsync(string? manifests = null, bool firstRound = true)
    {
        if (manifests is not null)
        {
            await WriteManifestsAsync(manifests);
        }
        else if (WatchesFolder)
        {
            Directory.CreateDirectory(Folder);
        }

        await StopAsync();
        _loop = TestControlLoops.New(
            Paths,
            Driver ?? Host,
            Clock,
            Options,
            folder: WatchesFolder ? Folder : null,
            providers: Providers,
            statuses: SavesStatus ? new StatusStore(Paths) : null,
            driftWatcher: DriftWatcher,
            direct: Direct);
        await _loop.StartAsync(_stop.Token);
        if (firstRound)
        {
            await _loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        }

        return _loop;
    }

    /// <summary>A new loop over the same host, state and folder, as after a daemon restart.</summary>
    public Task<ControlLoop> RestartAsync() => StartAsync();

    /// <summary>Stops the loop as a daemon stops: the exits stay up.</summary>
    public async Task StopAsync()
    {
        if (_loop is not null)
        {
            await _loop.StopAsync(CancellationToken.None);
            _loop.Dispose();
            _loop = null;
        }
    }

    public LiveObjectStatus TunnelStatus(string name = "a") => Loop.Board.Current.Tunnels[name];

    public Condition ConditionOf(string type, string tunnel = "a") => TunnelStatus(tunnel).Conditions.Find(type)!;

    /// <summary>Waits until the tunnel's phase is <paramref name="phase"/>.</summary>
    /// <param name="nudge">
    /// True: reconciles the tunnel again while waiting (health checks come on their own while a
    /// handshake is awaited; a trigger covers the rest). False where the phase must move without help.
    /// </param>
    public Task UntilPhase(string phase, string tunnel = "a", bool nudge = true) =>
        Eventually.ThatAsync(
            () => Loop.Board.Current.Tunnels.TryGetValue(tunnel, out var t) && t.Phase == phase,
            $"{tunnel} in phase {phase}",
            nudge ? () => Loop.Trigger([tunnel]) : null);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopAsync();
        _stop.Dispose();
        _workspace.Dispose();
    }
}
