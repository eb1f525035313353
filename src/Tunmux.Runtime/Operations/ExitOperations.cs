using Microsoft.Extensions.Logging;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// One-shot apply and delete (no daemon): the control loop's Reconcile(key), run once over every key
/// of the changed declared set (<see cref="ControlLoop.ApplyOnceAsync"/>); there is no planner or
/// executor of its own. Views come from <see cref="HostViewer"/>.
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
    private readonly IReadOnlyList<IProviderTunnelSource> _providers = [.. providers ?? []];

    public async Task<OperationResult> ApplyAsync(ManifestSet incoming, ApplyOptions options, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(options);
        if (!incoming.IsValid)
        {
            return OperationResult.Invalid(incoming.Errors);
        }

        using var loop = Loop(progress);
        return Result(await loop.ApplyOnceAsync(incoming.Objects, options.Prune, options.DryRun, cancellationToken).ConfigureAwait(false), options.DryRun);
    }

    public async Task<OperationResult> DeleteAsync(Func<ManifestObject, bool> selected, bool dryRun, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selected);
        using var loop = Loop(progress);
        return Result(await loop.DeleteOnceAsync(selected, dryRun, cancellationToken).ConfigureAwait(false), dryRun);
    }

    /// <summary>Removes every object tunmux owns: all declared objects and any orphan namespaces.</summary>
    public async Task<OperationResult> DeleteAllAsync(bool dryRun, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        using var loop = Loop(progress);
        return Result(await loop.DeleteOnceAsync(null, dryRun, cancellationToken).ConfigureAwait(false), dryRun);
    }

    /// <summary>The declared objects and a fresh observation, for get and status. Takes no lock and changes nothing.</summary>
    public Task<HostView> ViewAsync(CancellationToken cancellationToken) =>
        new HostViewer(paths, driver, declaredView, liveStatus, time, healthPolicy).ViewAsync(cancellationToken);

    /// <summary>A control loop over the stored declared set alone, never started: its passes are run once, here.</summary>
    private ControlLoop Loop(Action<ChangeOutcome>? progress) => new(
        new ControllerOptions { Lifecycle = healthPolicy ?? LifecyclePolicy.Default },
        new DeclaredSources(new DeclaredStateStore(paths), null),
        new KeyReconciler(paths, driver, _providers, logger, time) { Progress = progress },
        driver,
        new RecordStore(paths),
        paths.Naming.NamespacePrefix,
        NullLogger<ControlLoop>.Instance,
        time);

    /// <summary>The keys' passes as one result: plans, outcomes and what is still pending, keys in order.</summary>
    private static OperationResult Result(DeclaredChange change, bool dryRun)
    {
        if (change.Refused)
        {
            return OperationResult.Invalid(change.Errors);
        }

        var reports = change.Passes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
        return new OperationResult
        {
            Plan = new Plan([.. reports.SelectMany(p => p.Report.Plan?.Changes ?? [])], [.. reports.SelectMany(p => p.Report.Plan?.Warnings ?? []).Distinct(StringComparer.Ordinal)]),
            Execution = dryRun ? null : new ExecutionReport([.. reports.SelectMany(p => p.Report.Execution?.Outcomes ?? [])]),
            Remaining = dryRun ? null : new Plan([.. reports.SelectMany(p => p.Report.Remaining?.Changes ?? [])], []),
            Failures = [.. reports.Where(p => p.Outcome is KeyOutcome.Failed && p.Report.Execution is null).Select(p => $"{(p.Report.Key.Length == 0 ? "host" : $"tunnel/{p.Report.Key}")}: {((KeyOutcome.Failed)p.Outcome).Reason}")],
            Notes = [.. change.Notes, .. reports.SelectMany(p => p.Report.Notes).Distinct(StringComparer.Ordinal)],
        };
    }
}
