using System.Net.Sockets;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// The part both relays share: two pumps under one idle watchdog, the first failure cancels the
/// other pump, and the outcome is classified once both have stopped.
/// </summary>
internal static class RelayRunner
{
    public delegate Task Pump(Socket from, Socket to, Action<long> moved, IdleWatchdog watchdog, CancellationToken cancellationToken);

    public static async Task<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken, Pump pump)
    {
        var counters = new RelayCounters();
        using var watchdog = new IdleWatchdog(idleTimeout, cancellationToken);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(watchdog.Token);
        var up = Guard(pump(client, target, n => counters.ClientToTarget += n, watchdog, failed.Token), failed);
        var down = Guard(pump(target, client, n => counters.TargetToClient += n, watchdog, failed.Token), failed);
        var errors = await Task.WhenAll(up, down).ConfigureAwait(false);

        var outcome = errors.All(e => e is null) ? RelayOutcome.Completed
            : watchdog.Expired ? RelayOutcome.IdleTimeout
            : cancellationToken.IsCancellationRequested ? RelayOutcome.Aborted
            : RelayOutcome.Error;
        return new RelayResult(counters.ClientToTarget, counters.TargetToClient, outcome);
    }

    private static async Task<Exception?> Guard(Task pump, CancellationTokenSource failed)
    {
        try
        {
            await pump.ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            // One direction broke: stop the other instead of letting it wait for the idle timeout.
            try
            {
                await failed.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
            }

            return e;
        }
    }
}
