using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Host;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;

namespace Tunmux.Testing;

/// <summary>
/// The control loop as the tests build it over a fake host: the one place that knows how its
/// parts (declared sources, reconciler, records) fit together, so a test names only what it varies.
/// </summary>
public static class TestControlLoops
{
    /// <summary>
    /// Polls 50 ms apart, so a vanished process or namespace is seen at once; the resync is ten
    /// minutes apart, so it never comes during a test unless the test moves a fake clock that far.
    /// </summary>
    public static ControllerOptions Options { get; } = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        ResyncInterval = TimeSpan.FromMinutes(10),
    };

    /// <summary>
    /// A control loop (not started) over <paramref name="host"/> and the state below <paramref name="paths"/>.
    /// With a <paramref name="clock"/>, the loop and its reconciler both follow it; without one, the system clock.
    /// </summary>
    /// <param name="folder">A GitOps folder the loop watches, besides the stored set; null for none.</param>
    public static ControlLoop New(
        TunmuxPaths paths,
        IExitDriver host,
        TimeProvider? clock = null,
        ControllerOptions? options = null,
        string? folder = null,
        IReadOnlyList<IDeclaredSource>? otherSources = null,
        IEnumerable<IProviderTunnelSource>? providers = null,
        StatusStore? statuses = null,
        Func<Action<DriftSignal>, IDriftWatcher>? driftWatcher = null,
        IDirectKeyReconciler? direct = null) => new(
            options ?? Options,
            new DeclaredSources(new DeclaredStateStore(paths), folder is null ? null : new ManifestFolder(folder), others: otherSources),
            new KeyReconciler(paths, host, providers, time: clock),
            host,
            new RecordStore(paths),
            paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance,
            clock,
            statuses: statuses,
            driftWatcher: driftWatcher,
            direct: direct);
}
