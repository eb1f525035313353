using System.Diagnostics;

namespace Tunmux.Bench;

internal sealed record RateResult(int Workers, long Completed, long Errors, double Seconds, double P50Ms, double P99Ms, double CpuSeconds, long PeakKiB, string? FirstError)
{
    public double PerSecond => Completed / Seconds;

    /// <summary>CPU seconds this load client spent meanwhile (its handshakes included).</summary>
    public double ClientCpuSeconds { get; init; }

    /// <summary>CPU seconds the origin server spent meanwhile, when its PID was given.</summary>
    public double? OriginCpuSeconds { get; init; }
}

/// <summary>
/// Workers each loop: new connection (and proxy handshake), GET of the small page with
/// "Connection: close", whole response read, close. The latency of one loop is from the
/// start of the connect to the first response byte.
/// </summary>
internal static class ConnectionRateTest
{
    public static async Task<RateResult> RunAsync(ProxyPath path, string urlPath, int workers, TimeSpan duration, ProcessTree? server, CancellationToken cancellationToken, ProcessTree? origin = null)
    {
        var request = Wire.Get(urlPath, keepAlive: false);
        var cpuBefore = server?.CpuSeconds() ?? 0;
        var originBefore = origin?.CpuSeconds();
        var clientBefore = ClientCpuSeconds();
        await using var peak = new PeakMemory(server, TimeSpan.FromMilliseconds(200));
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var runs = await Task.WhenAll(Enumerable.Range(0, workers)
            .Select(_ => Task.Run(() => WorkerAsync(path, request, deadline, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (server?.CpuSeconds() ?? 0) - cpuBefore;
        var clientCpu = ClientCpuSeconds() - clientBefore;
        var originCpu = origin?.CpuSeconds() - originBefore;

        var latencies = runs.SelectMany(r => r.LatenciesMs).Order().ToList();
        return new RateResult(workers, latencies.Count, runs.Sum(r => r.Errors), seconds,
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), cpu, peak.PeakKiB,
            runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null))
        {
            ClientCpuSeconds = clientCpu,
            OriginCpuSeconds = originCpu,
        };
    }

    private static double ClientCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static async Task<WorkerRun> WorkerAsync(ProxyPath path, byte[] request, long deadline, CancellationToken cancellationToken)
    {
        var run = new WorkerRun();
        var buffer = new byte[4096];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var socket = await path.OpenAsync(cancellationToken).ConfigureAwait(false);
                await Wire.SendAllAsync(socket, request, cancellationToken).ConfigureAwait(false);
                var (head, _) = await Wire.ReadResponseAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
                if (head.Status != 200)
                {
                    throw new InvalidDataException($"status {head.Status}");
                }

                run.LatenciesMs.Add((head.FirstByteTimestamp - started) * 1000.0 / Stopwatch.Frequency);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidDataException)
            {
                run.Errors++;
                run.FirstError ??= e.Message;
            }
        }

        return run;
    }

    private sealed class WorkerRun
    {
        public List<double> LatenciesMs { get; } = [];

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
