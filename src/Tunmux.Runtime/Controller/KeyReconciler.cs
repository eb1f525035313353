using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Planning;
using Tunmux.Core.Providers;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Reconciles one key (a tunnel and its proxies, or the host's orphans) against the whole
/// declared set. Unlike `apply`, an invalid object does not stop the others: its errors are
/// terminal for that object only, and whatever it already runs is left as it is.
/// </summary>
public sealed class KeyReconciler(
    TunmuxPaths paths,
    IExitDriver driver,
    IEnumerable<IProviderTunnelSource>? providers = null,
    ILogger? logger = null,
    TimeProvider? time = null)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private readonly RecordStore _records = new(paths);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="allowDeletes">
    /// False while the declared state could not be read in full: then nothing is deleted,
    /// because a missing object may only be unreadable, not undeclared.
    /// </param>
    public async Task<KeyReport> ReconcileAsync(string key, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken, bool allowDeletes = true)
    {
        var started = _time.GetTimestamp();
        using var held = await StateLock.AcquireAsync(paths.LockFile, LockTimeout, cancellationToken).ConfigureAwait(false);

        var validation = ManifestValidator.Validate(declared);
        var own = declared.Where(o => ReconcileScope.KeyOf(o) == key).ToList();
        var ownSubjects = own.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
        var ownErrors = validation.Where(e => e.Subject is not null && ownSubjects.Contains(e.Subject)).ToList();
        var valid = own.Where(o => !validation.Any(e => e.Subject == o.KindAndName)).ToList();

        var (desired, resolveErrors) = await new ManifestResolver(providers).ResolveAsync(valid, cancellationToken).ConfigureAwait(false);
        ownErrors.AddRange(resolveErrors);
        if (ownErrors.Count > 0)
        {
            // Leave what runs alone: a broken manifest is not a request to delete.
            return new KeyReport(key) { InvalidSpec = ownErrors, Duration = _time.GetElapsedTime(started) };
        }

        var observer = new HostObserver(driver, _records, paths.Naming);
        Func<string, bool>? scope = key == ReconcileScope.Host ? null : name => name == key;
        var (observed, _) = observer.Observe(scope);
        var allProxyRecords = _records.LoadProxies().Records;
        var withPorts = desired with
        {
            Proxies = PortAllocator.Assign(desired.Proxies, allProxyRecords, observed.HostTcpPortsInUse),
        };

        var full = Planner.Compute(ReconcileScope.Narrow(withPorts, key), observed, new PlanOptions(PruneOrphans: true));
        var plan = full with
        {
            Changes = full.Changes.Where(c => ReconcileScope.Covers(key, c) && (allowDeletes || c.Action != ChangeAction.Delete)).ToList(),
        };
        if (!plan.HasChanges)
        {
            return new KeyReport(key) { Plan = plan, After = observed, Duration = _time.GetElapsedTime(started) };
        }

        logger?.LogInformation("reconciling {Key}: {Summary}", key.Length == 0 ? "(host)" : key, plan.Summary);
        var execution = await new PlanExecutor(driver, _records, logger).ExecuteAsync(plan, null, cancellationToken).ConfigureAwait(false);
        var (after, _) = observer.Observe(scope);
        return new KeyReport(key) { Plan = plan, Execution = execution, After = after, Duration = _time.GetElapsedTime(started) };
    }
}
