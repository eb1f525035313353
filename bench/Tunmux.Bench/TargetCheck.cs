using System.Globalization;
using System.Text;

namespace Tunmux.Bench;

/// <summary>The targets of issue #3 for the tunmux rows, each judged against the direct row of the same run.</summary>
internal static class TargetCheck
{
    public static string Render(IReadOnlyList<TargetSummary> rows, TargetSummary direct)
    {
        var text = new StringBuilder();
        foreach (var r in rows.Where(r => r.Name.StartsWith("tunmux", StringComparison.Ordinal)))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Targets for {r.Name}:");
            Line(text, "bulk >= 0.60x direct", Ratio(r.Download?.MiBPerSecond, direct.Download?.MiBPerSecond), v => v >= 0.60, "F2", "x");
            Line(text, "new connections >= 0.75x direct", Ratio(r.Rate?.PerSecond, direct.Rate?.PerSecond), v => v >= 0.75, "F2", "x");
            Line(text, "p50 added latency <= 0.100 ms", r.Latency?.P50Ms - direct.Latency?.P50Ms, v => v <= 0.1, "F3", " ms");
            var held = r.Hold is { } h && h.Errors == 0 && h.Verified == h.Wanted ? (double?)h.KiBPerConnection : null;
            Line(text, $"{r.Hold?.Wanted ?? 10_000} held with no error at <= 8 KiB each", held, v => v <= 8, "F1", " KiB each",
                r.Hold is null ? "not run" : $"{r.Hold.Errors} errors, {r.Hold.Verified} verified");
            var shared = r.Idle?.PrivateKiB is { } own ? $" MiB ({own / 1024.0:F1} MiB of it private, the rest mapped program and runtime files)" : " MiB";
            Line(text, "idle RSS <= 25 MiB", r.Idle?.MiB, v => v <= 25, "F1", shared);
        }

        return text.ToString();
    }

    private static double? Ratio(double? value, double? baseline) => value is null || baseline is null or 0 ? null : value / baseline;

    private static void Line(StringBuilder text, string target, double? value, Func<double, bool> met, string format, string unit, string? missing = null)
    {
        var verdict = value is null ? "MISSED" : met(value.Value) ? "met" : "MISSED";
        var shown = value is null ? missing ?? "no figure" : TableCommand.F(value, format) + unit;
        text.AppendLine(CultureInfo.InvariantCulture, $"- {target}: {shown} — {verdict}");
    }
}
