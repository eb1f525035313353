using System.Net.Sockets;
using System.Text.Json;

namespace Tunmux.Bench;

/// <summary>
/// `run`: every measurement against one target (the origin directly, a forwarder or a proxy),
/// appended as one JSON line to --out. With --pid the server's memory and CPU time are read
/// from /proc while the load runs.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var via = Enum.Parse<Via>(args.Text("via"), ignoreCase: true);
        var path = new ProxyPath(via, args.EndPoint("entry"), args.EndPoint("origin"));
        var name = args.Text("name");
        var output = args.Text("out");
        var bigPath = args.Text("big-path", "/big");
        var bigBytes = args.Number("big-bytes", 2L << 30);
        var smallPath = args.Text("small-path", "/small");
        var workers = (int)args.Number("workers", 32);
        var rateSeconds = TimeSpan.FromSeconds(args.Seconds("rate-seconds", 8));
        var latencySeconds = TimeSpan.FromSeconds(args.Seconds("latency-seconds", 4));
        var hold = (int)args.Number("hold", 10_000);
        var holdSkipped = args.Optional("skip-hold");
        var baseline = args.Flag("baseline");
        var server = args.Optional("pid") is { } pid ? new ProcessTree(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)) : null;
        args.RejectUnknown();

        using var total = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var cancellationToken = total.Token;
        var idle = server?.Memory() ?? default;
        var failures = new List<string>();

        Console.Error.WriteLine($"[{name}] idle {idle.MiB:F1} MiB; warming up");
        await Attempt(failures, "warm-up", () => ConnectionRateTest.RunAsync(path, smallPath, 4, TimeSpan.FromSeconds(1), null, cancellationToken));

        Console.Error.WriteLine($"[{name}] bulk download of {bigBytes >> 20} MiB");
        var download = await Attempt(failures, "download", () => DownloadTest.RunAsync(path, bigPath, bigBytes, server, cancellationToken));

        Console.Error.WriteLine($"[{name}] latency, one worker for {latencySeconds.TotalSeconds} s");
        var latency = await Attempt(failures, "latency", () => ConnectionRateTest.RunAsync(path, smallPath, 1, latencySeconds, server, cancellationToken));

        Console.Error.WriteLine($"[{name}] connection rate, {workers} workers for {rateSeconds.TotalSeconds} s");
        var rate = await Attempt(failures, "rate", () => ConnectionRateTest.RunAsync(path, smallPath, workers, rateSeconds, server, cancellationToken));

        HoldResult? held = null;
        if (holdSkipped is null && hold > 0)
        {
            Console.Error.WriteLine($"[{name}] holding {hold} connections");
            held = await Attempt(failures, "hold", () => HoldTest.RunAsync(path, smallPath, hold, TimeSpan.FromSeconds(120), server, cancellationToken));
        }

        if (server is not null && !server.IsAlive())
        {
            failures.Add("the server process exited during the run");
        }

        var result = new TargetResult
        {
            Name = name,
            Via = via.ToString(),
            Baseline = baseline,
            IdleKiB = idle.KiB,
            IdleProcesses = idle.Processes,
            Download = download,
            Latency = latency,
            Rate = rate,
            Hold = held,
            HoldSkipped = holdSkipped,
            Failures = failures,
        };
        await File.AppendAllTextAsync(output, JsonSerializer.Serialize(result) + "\n", CancellationToken.None);
        Console.Error.WriteLine($"[{name}] {Summary(result)}");
        return 0;
    }

    private static async Task<T?> Attempt<T>(List<string> failures, string test, Func<Task<T>> run)
        where T : class
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            failures.Add($"{test}: {e.Message}");
            Console.Error.WriteLine($"  {test} failed: {e.Message}");
            return null;
        }
    }

    private static string Summary(TargetResult r) =>
        $"bulk {r.Download?.MiBPerSecond:F0} MiB/s, {r.Rate?.PerSecond:F0} conn/s, p50 {r.Latency?.P50Ms:F3} ms, " +
        $"hold {r.Hold?.Opened}/{r.Hold?.Wanted} errors {r.Hold?.Errors}, failures {r.Failures.Count}";
}
