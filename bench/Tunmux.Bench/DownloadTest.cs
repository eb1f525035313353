using System.Diagnostics;

namespace Tunmux.Bench;

internal sealed record DownloadResult(long Bytes, double Seconds, double CpuSeconds, long PeakKiB)
{
    public double MiBPerSecond => Bytes / 1048576.0 / Seconds;
}

/// <summary>One GET of the big file over one connection, body counted and thrown away.</summary>
internal static class DownloadTest
{
    private const int ReceiveBuffer = 256 * 1024;

    public static async Task<DownloadResult> RunAsync(ProxyPath path, string urlPath, long expectedBytes, ProcessTree? server, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBuffer];
        var cpuBefore = server?.CpuSeconds() ?? 0;
        await using var peak = new PeakMemory(server, TimeSpan.FromMilliseconds(200));
        var started = Stopwatch.GetTimestamp();
        using (var socket = await path.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await Wire.SendAllAsync(socket, Wire.Get(urlPath, keepAlive: false), cancellationToken).ConfigureAwait(false);
            var (head, body) = await Wire.ReadResponseAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
            if (head.Status != 200 || body != expectedBytes)
            {
                throw new InvalidDataException($"download got status {head.Status} and {body} bytes, expected {expectedBytes}");
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (server?.CpuSeconds() ?? 0) - cpuBefore;
        return new DownloadResult(expectedBytes, seconds, cpu, peak.PeakKiB);
    }
}
