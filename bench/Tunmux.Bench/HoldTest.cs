using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Tunmux.Bench;

internal sealed record HoldResult(int Wanted, int Opened, int Verified, int Errors, double OpenSeconds, long BeforeKiB, long HeldKiB, int Processes, string? FirstError)
{
    /// <summary>What each held connection added to the server's resident memory.</summary>
    public double KiBPerConnection => Opened == 0 ? double.NaN : (HeldKiB - BeforeKiB) / (double)Opened;
}

/// <summary>
/// Opens many connections through the path and keeps them all open at once; the server's memory
/// is read while they are held; then each is proven alive with one request, and all are closed.
/// </summary>
internal static class HoldTest
{
    private const int Concurrency = 64;

    public static async Task<HoldResult> RunAsync(ProxyPath path, string urlPath, int count, TimeSpan limit, ProcessTree? server, CancellationToken cancellationToken)
    {
        var before = server?.Memory().KiB ?? 0;
        var sockets = new ConcurrentBag<Socket>();
        var errors = new ConcurrentQueue<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ForEachAsync(Enumerable.Range(0, count), async _ =>
            {
                try
                {
                    sockets.Add(await path.OpenAsync(deadline.Token).ConfigureAwait(false));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
                {
                    errors.Enqueue("open: " + e.Message);
                }
            }).ConfigureAwait(false);
            var openSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var held = server?.Memory() ?? default;
            var request = Wire.Get(urlPath, keepAlive: true);
            var verified = 0;
            await ForEachAsync(sockets, async socket =>
            {
                try
                {
                    await Wire.SendAllAsync(socket, request, deadline.Token).ConfigureAwait(false);
                    var (head, _) = await Wire.ReadResponseAsync(socket, new byte[1024], deadline.Token).ConfigureAwait(false);
                    if (head.Status == 200)
                    {
                        Interlocked.Increment(ref verified);
                        return;
                    }

                    errors.Enqueue($"request: status {head.Status}");
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
                {
                    errors.Enqueue("request: " + e.Message);
                }
            }).ConfigureAwait(false);

            return new HoldResult(count, sockets.Count, verified, errors.Count, openSeconds, before, held.KiB, held.Processes,
                errors.TryPeek(out var first) ? first : null);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) => await action(item).ConfigureAwait(false));
}
