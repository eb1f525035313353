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
/// are removed, tunnels exist before workers start inside them, and a recovery step (a reconnect
/// in place) runs on a tunnel that stays, between the builds and the workers. One failing object does
/// not stop the others; a worker whose tunnel failed is skipped.
/// </summary>
public sealed partial class PlanExecutor(IExitDriver driver, RecordStore records, ILogger? logger = null)
{
    public async Task<ExecutionReport> ExecuteAsync(Plan plan, Action<ChangeOutcome>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new List<ChangeOutcome>();
        var failedTunnels = new HashSet<string>(StringComparer.Ordinal);
        var changes = plan.Changes.Where(c => c is not Unchanged).ToList();

        void Report(PlannedChange change, string? error)
        {
            var outcome = new ChangeOutcome(change, error);
            outcomes.Add(outcome);
            progress?.Invoke(outcome);
            if (error is not null)
            {
                if (logger is not null)
                {
                    LogChangeFailed(logger, change.Kind, change.Name, change.Action, error);
                }

                // A tunnel that could not be built (or removed) holds no workers; a failed reconnect leaves it standing.
                if (change is CreateTunnel or ReplaceTunnel or DeleteTunnel or DeleteOrphanNamespace)
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
                if (change.Kind == ResourceKind.Tunnel)
                {
                    failedTunnels.Add(change.Name); // a refused record is not one to start workers on
                }
            }
        }

        // 1. Stop workers that go away or get replaced.
        var tunnelsGoing = changes.Where(c => c is DeleteTunnel or ReplaceTunnel).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var change in changes.Where(c => c is DeleteProxy or ReplaceProxy or DeletePortForward or ReplacePortForward))
        {
            var error = await Attempt(() => StopWorkerAsync(change, tunnelsGoing, cancellationToken)).ConfigureAwait(false);
            if (change.Action == ChangeAction.Delete || error is not null)
            {
                Report(change, error);
            }
        }

        // 2. Remove tunnels that go away or get rebuilt.
        foreach (var change in changes.Where(c => c is DeleteTunnel or DeleteOrphanNamespace or ReplaceTunnel))
        {
            var error = await Attempt(() => DeleteTunnelAsync(change, cancellationToken)).ConfigureAwait(false);
            if (change.Action == ChangeAction.Delete || error is not null)
            {
                Report(change, error);
            }
        }

        // 3. Build tunnels.
        foreach (var change in changes.Where(c => !failedTunnels.Contains(c.Name)))
        {
            if (((change as CreateTunnel)?.Desired ?? (change as ReplaceTunnel)?.Desired) is { } desired)
            {
                Report(change, await Attempt(async () =>
                {
                    var record = await driver.CreateTunnelAsync(desired, cancellationToken).ConfigureAwait(false);
                    records.Save(record);
                }).ConfigureAwait(false));
            }
        }

        // 4. Recovery: reconnect tunnels in place (same peer, or a failover) and record the active peer.
        //    A failed reconnect leaves the tunnel standing, so its workers are still started below.
        foreach (var reconnect in changes.OfType<ReconnectTunnel>())
        {
            Report(reconnect, await Attempt(async () =>
            {
                var record = await driver.ReconnectAsync(reconnect.Current, reconnect.Desired, reconnect.Peer, cancellationToken).ConfigureAwait(false);
                records.Save(record);
            }).ConfigureAwait(false));
        }

        // 5. Start workers.
        var tunnels = records.LoadTunnels().Records.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var change in changes.Where(c => c is CreateProxy or ReplaceProxy or CreatePortForward or ReplacePortForward))
        {
            if (outcomes.Any(o => o.Change == change))
            {
                continue; // its stop already failed and was reported
            }

            var tunnelName = change.Tunnel!;
            if (failedTunnels.Contains(tunnelName) || !tunnels.TryGetValue(tunnelName, out var tunnel))
            {
                Report(change, $"skipped: tunnel {tunnelName} is not up");
                continue;
            }

            Report(change, await Attempt(() => StartWorkerAsync(change, tunnel, cancellationToken)).ConfigureAwait(false));
        }

        return new ExecutionReport(outcomes);
    }

    private async Task StartWorkerAsync(PlannedChange change, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        if (((change as CreateProxy)?.Desired ?? (change as ReplaceProxy)?.Desired) is { } proxy)
        {
            records.Save(await driver.StartProxyAsync(proxy, tunnel, cancellationToken).ConfigureAwait(false));
        }
        else if (((change as CreatePortForward)?.Desired ?? (change as ReplacePortForward)?.Desired) is { } keeper)
        {
            records.Save(await driver.StartPortForwardAsync(keeper, tunnel, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <param name="tunnelsGoing">Tunnels this plan deletes or rebuilds.</param>
    private async Task StopWorkerAsync(PlannedChange change, IReadOnlySet<string> tunnelsGoing, CancellationToken cancellationToken)
    {
        if (((change as DeleteProxy)?.Current ?? (change as ReplaceProxy)?.Current) is { } proxy)
        {
            // Connections through a tunnel that goes away or is rebuilt cannot finish: no drain then.
            await driver.StopProxyAsync(proxy, cutConnections: tunnelsGoing.Contains(proxy.TunnelRef), cancellationToken).ConfigureAwait(false);
            records.DeleteProxy(proxy.Name);
        }
        else if (((change as DeletePortForward)?.Current ?? (change as ReplacePortForward)?.Current) is { } keeper)
        {
            // Only a keeper that goes away releases its mapping; a replaced one's successor renews it.
            await driver.StopPortForwardAsync(keeper, releaseMapping: change is DeletePortForward, cancellationToken).ConfigureAwait(false);
            records.DeletePortForward(keeper.Name);
        }
    }

    private async Task DeleteTunnelAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        if (change is DeleteOrphanNamespace orphan)
        {
            await driver.DeleteOrphanNamespaceAsync(orphan.Namespace, cancellationToken).ConfigureAwait(false);
        }
        else if (((change as DeleteTunnel)?.Current ?? (change as ReplaceTunnel)?.Current) is { } current)
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

    [LoggerMessage(1401, LogLevel.Warning, "{Kind}/{Name}: {Action} failed: {Error}")]
    private static partial void LogChangeFailed(ILogger logger, ResourceKind kind, string name, ChangeAction action, string error);
}
