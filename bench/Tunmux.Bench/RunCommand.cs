using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Tunmux.Bench;

/// <summary>
/// `run`: the chosen measurements (--tests idle,warmup,bulk,latency,rate,hold) against one target
/// (the origin directly, a forwarder or a proxy), appended as one JSON line to --out. With --pid
/// the server's memory and CPU time are read from /proc while the load runs; with --origin-pid the
/// origin's CPU time too, so a rate run can say what the client and the origin spent per connection.
/// </summary>
internal static class RunCommand
{
    private static readonly string[] AllTests = ["idle", "warmup", "bulk", "latency", "rate", "hold"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var via = Enum.Parse<Via>(args.Text("via"), ignoreCase: true);
        var path = new ProxyPath(via, args.EndPoint("entry"), args.EndPoint("origin"));
        var name = args.Text("name");
        var output = args.Text("out");
        var tests = args.Optional("tests")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? AllTests;
        var round = (int)args.Number("round", 1);
        var bigPath = args.Text("big-path", "/big");
        var bigBytes = args.Number("big-bytes", 2L << 30);
        var smallPath = args.Text("small-path", "/small");
        var workers = (int)args.Number("workers", 32);
        var warmup = TimeSpan.FromSeconds(args.Seconds("warmup-seconds", 3));
        var rateSeconds = TimeSpan.FromSeconds(args.Seconds("rate-seconds", 5));
        var latencySeconds = TimeSpan.FromSeconds(args.Seconds("latency-seconds", 3));
        var hold = (int)args.Number("hold", 10_000);
        var holdSkipped = args.Optional("skip-hold");
        var baseline = args.Flag("baseline");
        var server = args.Optional("pid") is { } pid ? new ProcessTree(int.Parse(pid, CultureInfo.InvariantCulture)) : null;
        var origin = args.Optional("origin-pid") is { } originPid ? new ProcessTree(int.Parse(originPid, CultureInfo.InvariantCulture)) : null;
        args.RejectUnknown();
        var unknown = tests.Except(AllTests).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown test(s): {string.Join(", ", unknown)}");
        }

        using var total = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var cancellationToken = total.Token;
        var failures = new List<string>();
        var log = new Action<string>(message => Console.Error.WriteLine($"[{name} #{round}] {message}"));

        MemorySample? idle = tests.Contains("idle") && server is not null ? server.Memory() : null;
        if (tests.Contains("warmup"))
        {
            // Long enough for a JIT-compiled server to reach its optimised code; not measured.
            log($"warm-up, 4 workers for {warmup.TotalSeconds} s");
            await Attempt(failures, "warm-up", () => ConnectionRateTest.RunAsync(path, smallPath, 4, warmup, null, cancellationToken));
        }

        DownloadResult? download = null;
        if (tests.Contains("bulk"))
        {
            log($"bulk download of {bigBytes >> 20} MiB");
            download = await Attempt(failures, "download", () => DownloadTest.RunAsync(path, bigPath, bigBytes, server, cancellationToken));
        }

        RateResult? latency = null;
        if (tests.Contains("latency"))
        {
            log($"latency, one worker for {latencySeconds.TotalSeconds} s");
            latency = await Attempt(failures, "latency", () => ConnectionRateTest.RunAsync(path, smallPath, 1, latencySeconds, server, cancellationToken));
        }

        RateResult? rate = null;
        if (tests.Contains("rate"))
        {
            log($"connection rate, {workers} workers for {rateSeconds.TotalSeconds} s");
            rate = await Attempt(failures, "rate", () => ConnectionRateTest.RunAsync(path, smallPath, workers, rateSeconds, server, cancellationToken, origin));
        }

        HoldResult? held = null;
        if (tests.Contains("hold") && holdSkipped is null && hold > 0)
        {
            log($"holding {hold} connections");
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
            Round = round,
            Idle = idle,
            Download = download,
            Latency = latency,
            Rate = rate,
            Hold = held,
            HoldSkipped = tests.Contains("hold") ? holdSkipped : null,
            Failures = failures,
        };
        await File.AppendAllTextAsync(output, JsonSerializer.Serialize(result) + "\n", CancellationToken.None);
        log(Summary(result));
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

    private static string Summary(TargetResult r)
    {
        var parts = new List<string>();
        if (r.Idle is { } idle)
        {
            parts.Add($"idle {idle.MiB:F1} MiB");
        }

        if (r.Download is { } d)
        {
            parts.Add($"bulk {d.MiBPerSecond:F0} MiB/s");
        }

        if (r.Latency is { } l)
        {
            parts.Add($"p50 {l.P50Ms:F3} ms");
        }

        if (r.Rate is { } rate)
        {
            parts.Add($"{rate.PerSecond:F0} conn/s");
        }

        if (r.Hold is { } h)
        {
            parts.Add($"held {h.Verified}/{h.Wanted}, {h.Errors} errors, {h.KiBPerConnection:F1} KiB each");
        }

        parts.Add($"{r.Failures.Count} failures");
        return string.Join(", ", parts);
    }
}
