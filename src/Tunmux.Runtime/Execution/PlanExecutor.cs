using Microsoft.Extensions.Logging;
using Tunmux.Core.Host;
using Tunmux.Core.Planning;
using Tunmux.Core.State;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Execution;

/// <summary>
/// Runs a plan against the host through the driver, recording each object as soon as it is
/// built or removed, so a crash part-way leaves records that match the host. Phases keep the
/// order safe: workers (proxy workers, port keepers) stop before the namespaces they live in
/// are removed, and tunnels exist before workers start inside them. One failing object does
/// not stop the others; a worker whose tunnel failed is skipped.
/// </summary>
public sealed class PlanExecutor(IExitDriver driver, RecordStore records, ILogger? logger = null)
{
    public async Task<ExecutionReport> ExecuteAsync(Plan plan, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new List<ChangeOutcome>();
        var failedTunnels = new HashSet<string>(StringComparer.Ordinal);
        var changes = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();

        void Report(PlannedChange change, string? error)
        {
            var outcome = new ChangeOutcome(change, error);
            outcomes.Add(outcome);
            progress?.Invoke(outcome);
            if (error is not null)
            {
                logger?.LogWarning("{Kind}/{Name}: {Action} failed: {Error}", change.Kind, change.Name, change.Action, error);
                if (change.Kind == ResourceKind.Tunnel)
                {
                    failedTunnels.Add(change.Name);
                }
            }
        }

        // 0. Refuse any change that would act on a name tunmux does not own (see OwnershipCheck).
        var naming = records.Naming;
        foreach (var change in changes.ToList())
        {
            if (OwnershipCheck.Refusal(change, naming) is { } refusal)
            {
                Report(change, refusal);
                changes.Remove(change);
            }
        }

        // 1. Stop workers that go away or get replaced.
        foreach (var change in changes.Where(c => IsRunningWorker(c) && c.Action is ChangeAction.Delete or ChangeAction.Replace))
        {
            var error = await Attempt(() => StopWorkerAsync(change, cancellationToken)).ConfigureAwait(false);
            if (change.Action == ChangeAction.Delete || error is not null)
            {
                Report(change, error);
            }
        }

        // 2. Remove tunnels that go away or get rebuilt.
        foreach (var change in changes.Where(c => c.Kind == ResourceKind.Tunnel && c.Action is ChangeAction.Delete or ChangeAction.Replace))
        {
            var error = await Attempt(() => DeleteTunnelAsync(change, cancellationToken)).ConfigureAwait(false);
            if (change.Action == ChangeAction.Delete || error is not null)
            {
                Report(change, error);
            }
        }

        // 3. Build tunnels.
        foreach (var change in changes.Where(c => c.Kind == ResourceKind.Tunnel && c.Action is ChangeAction.Create or ChangeAction.Replace && !failedTunnels.Contains(c.Name)))
        {
            Report(change, await Attempt(async () =>
            {
                var record = await driver.CreateTunnelAsync(change.DesiredTunnel!, cancellationToken).ConfigureAwait(false);
                records.Save(record);
            }).ConfigureAwait(false));
        }

        // 4. Start workers.
        var tunnels = records.LoadTunnels().Records.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var change in changes.Where(c => c.Kind != ResourceKind.Tunnel && c.Action is ChangeAction.Create or ChangeAction.Replace))
        {
            if (outcomes.Any(o => o.Change == change))
            {
                continue; // its stop already failed and was reported
            }

            var tunnelName = change.DesiredProxy?.TunnelRef ?? change.DesiredPortForward!.Tunnel;
            if (failedTunnels.Contains(tunnelName) || !tunnels.TryGetValue(tunnelName, out var tunnel))
            {
                Report(change, $"skipped: tunnel {tunnelName} is not up");
                continue;
            }

            Report(change, await Attempt(() => StartWorkerAsync(change, tunnel, cancellationToken)).ConfigureAwait(false));
        }

        return new ExecutionReport(outcomes);
    }

    private static bool IsRunningWorker(PlannedChange change) => change.CurrentProxy is not null || change.CurrentPortForward is not null;

    private async Task StartWorkerAsync(PlannedChange change, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        if (change.DesiredProxy is { } proxy)
        {
            records.Save(await driver.StartProxyAsync(proxy, tunnel, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            records.Save(await driver.StartPortForwardAsync(change.DesiredPortForward!, tunnel, cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task StopWorkerAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        if (change.CurrentProxy is { } proxy)
        {
            await driver.StopProxyAsync(proxy, cancellationToken).ConfigureAwait(false);
            records.DeleteProxy(proxy.Name);
        }
        else if (change.CurrentPortForward is { } keeper)
        {
            await driver.StopPortForwardAsync(keeper, cancellationToken).ConfigureAwait(false);
            records.DeletePortForward(keeper.Name);
        }
    }

    private async Task DeleteTunnelAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        if (change.OrphanNamespace is { } orphan)
        {
            await driver.DeleteOrphanNamespaceAsync(orphan, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (change.CurrentTunnel is { } current)
        {
            await driver.DeleteTunnelAsync(current, cancellationToken).ConfigureAwait(false);
            records.DeleteTunnel(current.Name);
        }
    }

    private static async Task<string?> Attempt(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }
}
