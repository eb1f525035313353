using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tunmux.Bench;

/// <summary>`table`: the JSON lines of one run as a markdown table with ratios against the direct row, plus the tunmux targets.</summary>
internal static class TableCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var input = args.Text("in");
        var output = args.Optional("out");
        var note = args.Optional("note");
        args.RejectUnknown();

        var lines = (await File.ReadAllLinesAsync(input))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<TargetResult>(l) ?? throw new InvalidDataException("empty result line"));
        var text = Render(TargetSummary.Merge(lines), note);
        Console.Write(text);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return 0;
    }

    public static string Render(IReadOnlyList<TargetSummary> rows, string? note)
    {
        var direct = rows.FirstOrDefault(r => r.Baseline);
        // The bare TCP relay of the same run: a SOCKS5 or CONNECT handshake should cost no more than it.
        var haproxy = rows.FirstOrDefault(r => r.Name == "haproxy");
        var text = new StringBuilder();
        if (note is not null)
        {
            text.AppendLine(note).AppendLine();
        }

        var held = rows.Select(r => r.Hold?.Wanted).FirstOrDefault(w => w is not null) ?? 0;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| path | bulk MiB/s | vs direct | new conn/s, 32 workers | vs direct | vs haproxy | p50 / p99 ms, 1 worker | p50 added ms | p50 / p99 ms, 32 workers | {held} held: ok / errors | KiB per held conn | RSS idle MiB | RSS under load MiB | RSS {held} held MiB | proxy CPU s per GiB | proxy CPU µs per conn | client + origin CPU µs per conn |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var proxy = !r.Baseline;
            var cells = new[]
            {
                r.Name,
                F(r.Download?.MiBPerSecond, "F0"),
                Ratio(r.Download?.MiBPerSecond, direct?.Download?.MiBPerSecond),
                F(r.Rate?.PerSecond, "F0"),
                Ratio(r.Rate?.PerSecond, direct?.Rate?.PerSecond),
                Ratio(r.Rate?.PerSecond, haproxy?.Rate?.PerSecond),
                r.Latency is null ? "—" : $"{F(r.Latency.P50Ms, "F3")} / {F(r.Latency.P99Ms, "F3")}",
                proxy ? Added(r.Latency?.P50Ms, direct?.Latency?.P50Ms) : "—",
                r.Rate is null ? "—" : $"{F(r.Rate.P50Ms, "F2")} / {F(r.Rate.P99Ms, "F2")}",
                HeldCell(r),
                proxy && r.Hold is not null ? F(r.Hold.KiBPerConnection, "F1") : "—",
                proxy && r.Idle is { } idle ? Memory(idle.KiB, idle.Processes) : "—",
                proxy && r.PeakLoadKiB > 0 ? F(r.PeakLoadKiB / 1024.0, "F1") : "—",
                proxy && r.Hold is not null ? Memory(r.Hold.HeldKiB, r.Hold.Processes) : "—",
                proxy && r.Download is { } d ? F(d.CpuSeconds / (d.Bytes / (double)(1L << 30)), "F2") : "—",
                proxy && r.Rate is { Completed: > 0 } rate ? F(rate.CpuSeconds / rate.Completed * 1e6, "F0") : "—",
                F(TargetCheck.OthersMicrosecondsPerConnection(r), "F0"),
            };
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        var troubled = rows.Where(r => r.Failures.Count > 0 || r.FailedConnections > 0).ToList();
        if (troubled.Count > 0)
        {
            text.AppendLine().AppendLine("Errors:");
            foreach (var r in troubled)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"- {r.Name}: {r.FailedConnections} failed connections in the latency and rate runs; {string.Join("; ", r.Failures)}");
            }
        }

        var rounds = rows.Select(r => r.Rounds).DefaultIfEmpty().Max();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Best of {rounds} interleaved rounds per figure. {Legend}");
        if (direct is not null)
        {
            text.Append(TargetCheck.Render(rows, direct, haproxy));
        }

        return text.ToString();
    }

    private const string Legend =
        "Multi-process servers (marked ×N) show the sum of PSS over their N processes; the others VmRSS. "
        + "Latency runs from the start of the TCP connect to the first response byte, proxy handshake included. "
        + "\"Client + origin\" is the CPU the load client and nginx spent per connection in the rate run: on shared cores it "
        + "is CPU the proxy cannot have.";

    private static string HeldCell(TargetSummary r)
    {
        if (r.HoldSkipped is not null)
        {
            return "skipped: " + r.HoldSkipped;
        }

        return r.Hold is null ? "—" : $"{r.Hold.Verified} / {r.Hold.Errors}";
    }

    private static string Memory(long kib, int processes) =>
        processes > 1 ? $"{F(kib / 1024.0, "F1")} ×{processes}" : F(kib / 1024.0, "F1");

    private static string Ratio(double? value, double? baseline) =>
        value is null || baseline is null or 0 ? "—" : (value.Value / baseline.Value).ToString("F2", CultureInfo.InvariantCulture) + "x";

    private static string Added(double? value, double? baseline) =>
        value is null || baseline is null ? "—" : (value.Value - baseline.Value).ToString("+0.000;-0.000", CultureInfo.InvariantCulture);

    internal static string F(double? value, string format) =>
        value is null || double.IsNaN(value.Value) ? "—" : value.Value.ToString(format, CultureInfo.InvariantCulture);
}
