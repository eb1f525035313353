using System.Globalization;
using Microsoft.Extensions.Logging;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Removes a namespace of ours completely: the processes inside it first (a process keeps
/// its namespace alive after <c>ip netns del</c>), then the namespace, then /etc/netns/NS.
/// Whatever is already gone counts as done.
/// </summary>
internal sealed class NamespaceCleaner(HostPaths paths, ICommandRunner runner, IProcessLauncher launcher, TimeSpan grace, ILogger logger)
{
    public async Task StopProcessesInsideAsync(string ns, CancellationToken cancellationToken)
    {
        if (!paths.NamespaceExists(ns))
        {
            return;
        }

        var result = await runner.RunAsync(NetnsCommands.Pids(ns), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return;
        }

        var processes = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? launcher.Capture(pid) : null)
            .OfType<Core.State.ProcessRef>()
            .ToList();
        foreach (var process in processes)
        {
            LinuxLog.StoppingProcessInNamespace(logger, process.Pid, ns);
        }

        await Task.WhenAll(processes.Select(process => launcher.StopAsync(process, grace, cancellationToken))).ConfigureAwait(false);
    }

    public async Task DeleteNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        if (paths.NamespaceExists(ns))
        {
            var result = await runner.RunAsync(NetnsCommands.Delete(ns), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && !CommandErrors.IsGone(result))
            {
                throw new HostCommandException(NetnsCommands.Delete(ns), result);
            }
        }

        ResolvConf.Remove(paths, ns);
    }

    /// <summary>Processes, namespace and /etc/netns folder.</summary>
    public async Task RemoveAsync(string ns, CancellationToken cancellationToken)
    {
        await StopProcessesInsideAsync(ns, cancellationToken).ConfigureAwait(false);
        await DeleteNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
    }
}
