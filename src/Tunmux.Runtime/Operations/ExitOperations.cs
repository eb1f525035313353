using Microsoft.Extensions.Logging;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// One reconcile, start to end: take the lock, read the declared state, fold in what the user
/// gave, validate and resolve it all (refusing before touching the host on any error),
/// observe, plan, store the new declared state, run the plan, and observe again to confirm.
/// </summary>
public sealed class ExitOperations(
    TunmuxPaths paths,
    IExitDriver driver,
    ILogger? logger = null,
    IEnumerable<IProviderTunnelSource>? providers = null,
    Func<ManifestSet>? declaredView = null,
    Func<LiveStatus?>? liveStatus = null,
    TimeProvider? time = null,
    LifecyclePolicy? healthPolicy = null)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private readonly DeclaredStateStore _declared = new(paths);
    private readonly RecordStore _records = new(paths);

    public Task<OperationResult> ApplyAsync(ManifestSet incoming, ApplyOptions options, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        if (!incoming.IsValid)
        {
            return Task.FromResult(OperationResult.Invalid(incoming.Errors));
        }

        return ReconcileAsync(
            declared => (options.Prune ? incoming.Objects : DeclaredState.Merge(declared, incoming.Objects), []),
            options.DryRun,
            pruneOrphans: options.Prune,
            progress,
            cancellationToken);
    }

    public Task<OperationResult> DeleteAsync(Func<ManifestObject, bool> selected, bool dryRun, Action<ChangeOutcome>? progress, CancellationToken cancellationToken) =>
        ReconcileAsync(declared => DeclaredState.Remove(declared, selected), dryRun, pruneOrphans: false, progress, cancellationToken);

    /// <summary>Removes every object tunmux owns: all declared objects and any orphan namespaces.</summary>
    public Task<OperationResult> DeleteAllAsync(bool dryRun, Action<ChangeOutcome>? progress, CancellationToken cancellationToken) =>
        ReconcileAsync(_ => ([], []), dryRun, pruneOrphans: true, progress, cancellationToken);

    /// <summary>The declared objects and a fresh observation, for get and status. Takes no lock and changes nothing.</summary>
    public Task<HostView> ViewAsync(CancellationToken cancellationToken) =>
        new HostViewer(paths, driver, declaredView, liveStatus, time, healthPolicy).ViewAsync(cancellationToken);

    private async Task<OperationResult> ReconcileAsync(
        Func<IReadOnlyList<ManifestObject>, (IReadOnlyList<ManifestObject> Objects, IReadOnlyList<string> Notes)> change,
        bool dryRun,
        bool pruneOrphans,
        Action<ChangeOutcome>? progress,
        CancellationToken cancellationToken)
    {
        using var held = await StateLock.AcquireAsync(paths.LockFile, LockTimeout, cancellationToken).ConfigureAwait(false);

        var stored = _declared.Load();
        if (!stored.IsValid)
        {
            return OperationResult.Invalid(stored.Errors);
        }

        var (objects, notes) = change(stored.Objects);
        var errors = ManifestValidator.Validate(objects);
        if (errors.Count > 0)
        {
            return OperationResult.Invalid(errors);
        }

        var (desired, resolveErrors) = await Resolver().ResolveAsync(objects, cancellationToken).ConfigureAwait(false);
        if (resolveErrors.Count > 0)
        {
            return OperationResult.Invalid(resolveErrors);
        }

        var observer = new HostObserver(driver, _records, paths.Naming);
        var (observed, problems) = observer.Observe();
        var planOptions = new PlanOptions(pruneOrphans);
        var plan = Planner.Compute(WithPorts(desired, observed), observed, planOptions);
        var allNotes = notes.Concat(problems).ToList();
        if (dryRun)
        {
            return new OperationResult { Plan = plan, Notes = allNotes };
        }

        _declared.Save(objects);
        var execution = await new PlanExecutor(driver, _records, logger).ExecuteAsync(plan, progress, cancellationToken).ConfigureAwait(false);

        var (after, _) = observer.Observe();
        var remaining = Planner.Compute(WithPorts(desired, after), after, planOptions);
        return new OperationResult { Plan = plan, Execution = execution, Remaining = remaining, Notes = allNotes };
    }

    private ManifestResolver Resolver() => new(providers);

    private static DesiredState WithPorts(DesiredState desired, ObservedState observed) =>
        desired with
        {
            Proxies = PortAllocator.Assign(desired.Proxies, observed.Proxies.Select(p => p.Record).ToList(), observed.HostTcpPortsInUse),
        };
}
