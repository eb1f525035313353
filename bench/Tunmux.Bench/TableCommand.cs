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

        var results = (await File.ReadAllLinesAsync(input))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<TargetResult>(l) ?? throw new InvalidDataException("empty result line"))
            .ToList();
        var text = Render(results, note);
        Console.Write(text);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return 0;
    }

    public static string Render(IReadOnlyList<TargetResult> results, string? note)
    {
        var direct = results.FirstOrDefault(r => r.Baseline);
        var text = new StringBuilder();
        if (note is not null)
        {
            text.AppendLine(note).AppendLine();
        }

        text.AppendLine("| path | bulk MiB/s | vs direct | new conn/s (32 workers) | vs direct | p50 / p99 ms, 1 worker | p50 added | p50 / p99 ms, 32 workers | held 10k: ok / errors | KiB per held conn | RSS idle MiB | RSS under load MiB | RSS 10k held MiB | proxy CPU s/GiB |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var isDirect = ReferenceEquals(r, direct);
            var loadKiB = Math.Max(r.Download?.PeakKiB ?? 0, r.Rate?.PeakKiB ?? 0);
            var cells = new[]
            {
                r.Name,
                F(r.Download?.MiBPerSecond, "F0"),
                Ratio(r.Download?.MiBPerSecond, direct?.Download?.MiBPerSecond),
                F(r.Rate?.PerSecond, "F0"),
                Ratio(r.Rate?.PerSecond, direct?.Rate?.PerSecond),
                r.Latency is null ? "—" : $"{F(r.Latency.P50Ms, "F3")} / {F(r.Latency.P99Ms, "F3")}",
                isDirect ? "—" : Added(r.Latency?.P50Ms, direct?.Latency?.P50Ms),
                r.Rate is null ? "—" : $"{F(r.Rate.P50Ms, "F2")} / {F(r.Rate.P99Ms, "F2")}",
                HeldCell(r),
                isDirect || r.Hold is null ? "—" : F(r.Hold.KiBPerConnection, "F1"),
                isDirect ? "—" : Processes(r.IdleKiB, r.IdleProcesses),
                isDirect ? "—" : F(loadKiB / 1024.0, "F1"),
                isDirect || r.Hold is null ? "—" : Processes(r.Hold.HeldKiB, r.Hold.Processes),
                isDirect || r.Download is null ? "—" : F(r.Download.CpuSeconds / (r.Download.Bytes / (double)(1L << 30)), "F2"),
            };
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        var failures = results.Where(r => r.Failures.Count > 0 || r.Rate?.Errors > 0 || r.Latency?.Errors > 0).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine().AppendLine("Errors:");
            foreach (var r in failures)
            {
                var detail = r.Failures.Concat(new[] { r.Latency?.FirstError, r.Rate?.FirstError }.OfType<string>());
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"- {r.Name}: {r.Latency?.Errors ?? 0} + {r.Rate?.Errors ?? 0} failed connections in the latency/rate tests; {string.Join("; ", detail)}");
            }
        }

        text.AppendLine().AppendLine("Multi-process servers (marked ×N) show the sum of PSS over their N processes; the others VmRSS.");
        if (direct is not null)
        {
            text.Append(TargetCheck.Render(results, direct));
        }

        return text.ToString();
    }

    private static string HeldCell(TargetResult r)
    {
        if (r.HoldSkipped is not null)
        {
            return "skipped: " + r.HoldSkipped;
        }

        return r.Hold is null ? "failed" : $"{r.Hold.Verified} / {r.Hold.Errors}";
    }

    private static string Processes(long kib, int processes) =>
        processes > 1 ? $"{F(kib / 1024.0, "F1")} ×{processes}" : F(kib / 1024.0, "F1");

    private static string Ratio(double? value, double? baseline) =>
        value is null || baseline is null or 0 ? "—" : (value.Value / baseline.Value).ToString("F2", CultureInfo.InvariantCulture) + "x";

    private static string Added(double? value, double? baseline) =>
        value is null || baseline is null ? "—" : (value.Value - baseline.Value).ToString("+0.000;-0.000", CultureInfo.InvariantCulture);

    internal static string F(double? value, string format) =>
        value is null || double.IsNaN(value.Value) ? "—" : value.Value.ToString(format, CultureInfo.InvariantCulture);
}
