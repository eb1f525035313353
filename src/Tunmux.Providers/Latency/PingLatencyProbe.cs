using System.Net;
using System.Net.NetworkInformation;

namespace Tunmux.Providers.Latency;

/// <summary>
/// ICMP echo, as Eddie and the original tunmux measure servers: one ping each, in parallel
/// (at most <see cref="MaxParallel"/> at once), with a short timeout.
/// </summary>
public sealed class PingLatencyProbe(TimeSpan? timeout = null) : ILatencyProbe
{
    public const int MaxParallel = 16;

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = cancellationToken },
            async (target, token) =>
            {
                if (!IPAddress.TryParse(target.Address, out var address))
                {
                    return;
                }

                try
                {
                    using var ping = new Ping();
                    var reply = await ping.SendPingAsync(address, _timeout, cancellationToken: token).ConfigureAwait(false);
                    if (reply.Status == IPStatus.Success)
                    {
                        results[target.Name] = reply.RoundtripTime;
                    }
                }
                catch (PingException)
                {
                    // No permission or no route: this server's latency stays unknown.
                }
            }).ConfigureAwait(false);
        return results;
    }
}
