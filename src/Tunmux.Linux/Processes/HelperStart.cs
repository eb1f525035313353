using Microsoft.Extensions.Logging;
using Tunmux.Core.State;
using Tunmux.Linux.Logging;

namespace Tunmux.Linux.Processes;

/// <summary>
/// What starting a helper inside a tunnel's namespace (proxy worker, port keeper) needs first:
/// the namespace, the helper's run folder, no orphan of the same helper (one no record names,
/// left by a crash between start and record), and no ready file of an earlier run.
/// </summary>
internal sealed class HelperStart(LinuxDriverOptions options, IProcessLauncher launcher, ILogger logger)
{
    /// <param name="what">How messages name the helper, e.g. "proxy".</param>
    /// <param name="readyFile">The file the new helper writes once ready; removed here.</param>
    /// <param name="ours">Recognises an orphan by the argv tunmux gave it (see <see cref="OrphanProcesses"/>).</param>
    public async Task PrepareAsync(
        TunnelRecord tunnel, string what, string name, string readyFile, Func<IReadOnlyList<string>, bool> ours, CancellationToken cancellationToken)
    {
        if (!options.Paths.NamespaceExists(tunnel.Namespace))
        {
            throw new InvalidOperationException($"{what} '{name}': tunnel namespace {tunnel.Namespace} does not exist");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(readyFile)!);
        foreach (var orphan in OrphanProcesses.Find(ours))
        {
            LinuxLog.OrphanStopped(logger, what, name, orphan.Pid);
            await launcher.StopAsync(orphan, options.StopGrace, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(readyFile);
    }
}
