using Microsoft.Extensions.Logging;
using Tunmux.Core.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Build;

/// <summary>
/// Removes a tunnel from its record. Every step runs even when an earlier one failed, and
/// anything already gone counts as removed; only real failures are reported, at the end.
/// Processes still inside the namespace (a proxy worker that was not stopped) are stopped
/// too: without its tunnel such a process could not reach anything anyway.
/// </summary>
internal sealed class TunnelTeardown(HostPaths paths, ICommandRunner runner, WireGuardGoRunner wireGuardGo, NamespaceCleaner cleaner, ILogger logger)
{
    public static HostCommand DeleteInterface(TunnelRecord record) => NetnsCommands.Ip(record.Namespace, "link", "del", record.Interface);

    public async Task DeleteAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var failures = new List<string>();

        if (record.WireGuardProcess is { } process)
        {
            await AttemptAsync(record, "stopping wireguard-go", failures,
                () => wireGuardGo.StopAsync(process, record.Interface, cancellationToken)).ConfigureAwait(false);
        }

        await AttemptAsync(record, "stopping processes left in the namespace", failures,
            () => cleaner.StopProcessesInsideAsync(record.Namespace, cancellationToken)).ConfigureAwait(false);

        await AttemptAsync(record, "deleting the interface", failures, async () =>
        {
            if (paths.NamespaceExists(record.Namespace))
            {
                var result = await runner.RunAsync(DeleteInterface(record), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded && !CommandErrors.IsGone(result))
                {
                    throw new HostCommandException(DeleteInterface(record), result);
                }
            }
        }).ConfigureAwait(false);

        await AttemptAsync(record, "deleting the namespace", failures,
            () => cleaner.DeleteNamespaceAsync(record.Namespace, cancellationToken)).ConfigureAwait(false);

        await AttemptAsync(record, "removing the wireguard-go socket", failures, () =>
        {
            UapiSocket.RemoveIfStale(paths.WireGuardSocket(record.Interface));
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"removing tunnel '{record.Name}' was incomplete: {string.Join("; ", failures)}");
        }

        LinuxLog.TunnelDeleted(logger, record.Name, record.Namespace);
    }

    private async Task AttemptAsync(TunnelRecord record, string step, List<string> failures, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LinuxLog.TeardownStepFailed(logger, record.Name, step, ex.Message);
            failures.Add($"{step}: {ex.Message}");
        }
    }
}
