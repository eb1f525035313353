using Tunmux.Core.State;
using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.Processes;

/// <summary>
/// Waits for a helper that was just started (proxy worker, port keeper) to show it is ready by
/// writing a file. A helper that dies first or takes too long is stopped, since no record will
/// name it, and the error carries what it wrote to its log during this run.
/// </summary>
/// <param name="What">How errors name the helper, e.g. "proxy 'web'".</param>
/// <param name="ReadyMeans">What the file says, e.g. "listening".</param>
internal sealed record StartupWait(string What, string ReadyMeans, string ReadyFile, string LogFile, long LogStart, TimeSpan Timeout)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public async Task UntilReadyAsync(IProcessLauncher launcher, ProcessRef process, TimeSpan stopGrace, CancellationToken cancellationToken)
    {
        try
        {
            await PollAsync(launcher, process, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await launcher.StopAsync(process, stopGrace, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task PollAsync(IProcessLauncher launcher, ProcessRef process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(ReadyFile))
        {
            if (!launcher.IsAlive(process))
            {
                throw new InvalidOperationException($"{What} exited before it was {ReadyMeans}{LogTail.Describe(LogFile, LogStart)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"{What} was not {ReadyMeans} within {Timeout.TotalSeconds:0.#} s, so it was stopped{LogTail.Describe(LogFile, LogStart)}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false); // polling a condition with a deadline
        }
    }
}
