using System.Globalization;
using System.Text;

namespace Tunmux.Bench;

/// <summary>The targets of issues #3 and #12 for the tunmux rows, each judged against the direct (or haproxy) row of the same run.</summary>
internal static class TargetCheck
{
    public static string Render(IReadOnlyList<TargetSummary> rows, TargetSummary direct, TargetSummary? haproxy)
    {
        var text = new StringBuilder();
        foreach (var r in rows.Where(r => r.Name.StartsWith("tunmux", StringComparison.Ordinal)))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Targets for {r.Name}:");
            Line(text, "bulk >= 0.60x direct", Ratio(r.Download?.MiBPerSecond, direct.Download?.MiBPerSecond), v => v >= 0.60, "F2", "x");
            Line(text, "new connections >= 0.75x direct", Ratio(r.Rate?.PerSecond, direct.Rate?.PerSecond), v => v >= 0.75, "F2", "x");
            if (haproxy is not null)
            {
                Line(text, "new connections >= 1.00x haproxy", Ratio(r.Rate?.PerSecond, haproxy.Rate?.PerSecond), v => v >= 1.0, "F2", "x" + Ceiling(r, haproxy));
            }

            Line(text, "p50 added latency <= 0.100 ms", r.Latency?.P50Ms - direct.Latency?.P50Ms, v => v <= 0.1, "F3", " ms");
            var held = r.Hold is { } h && h.Errors == 0 && h.Verified == h.Wanted ? (double?)h.KiBPerConnection : null;
            Line(text, $"{r.Hold?.Wanted ?? 10_000} held with no error at <= 8 KiB each", held, v => v <= 8, "F1", " KiB each",
                r.Hold is null ? "not run" : $"{r.Hold.Errors} errors, {r.Hold.Verified} verified");
            var shared = r.Idle?.PrivateKiB is { } own ? $" MiB ({own / 1024.0:F1} MiB of it private, the rest mapped program and runtime files)" : " MiB";
            Line(text, "idle RSS <= 25 MiB", r.Idle?.MiB, v => v <= 25, "F1", shared);
        }

        return text.ToString();
    }

    /// <summary>CPU µs the load client and the origin spent per connection of the rate run; null without the origin's figure.</summary>
    public static double? OthersMicrosecondsPerConnection(TargetSummary r) =>
        r.Rate is { Completed: > 0, OriginCpuSeconds: { } origin } rate ? (rate.ClientCpuSeconds + origin) / rate.Completed * 1e6 : null;

    /// <summary>
    /// When the cores are shared and busy, the rate follows the CPU all three processes spend per
    /// connection. Through this target the client and origin alone spend some; haproxy's whole path
    /// (client, origin and haproxy) spends some other. Their quotient is the ratio a proxy costing no
    /// CPU at all would reach: what the client's own handshake leaves any proxy on this machine.
    /// </summary>
    private static string Ceiling(TargetSummary r, TargetSummary haproxy)
    {
        if (OthersMicrosecondsPerConnection(r) is not { } others || OthersMicrosecondsPerConnection(haproxy) is not { } haproxyOthers
            || haproxy.Rate is not { Completed: > 0 } bare || others <= 0)
        {
            return "";
        }

        var haproxyOwn = bare.CpuSeconds / bare.Completed * 1e6;
        var haproxyPath = haproxyOthers + haproxyOwn;
        return string.Create(CultureInfo.InvariantCulture,
            $" (client + origin spend {others:F0} µs per connection through it, haproxy's whole path {haproxyPath:F0} µs: a proxy costing no CPU would read at most {haproxyPath / others:F2}x; "
            + $"1.00x allows the proxy at most {Math.Max(0, haproxyPath - others):F0} µs per connection, where haproxy spends {haproxyOwn:F0})");
    }

    private static double? Ratio(double? value, double? baseline) => value is null || baseline is null or 0 ? null : value / baseline;

    private static void Line(StringBuilder text, string target, double? value, Func<double, bool> met, string format, string unit, string? missing = null)
    {
        var verdict = value is null ? "MISSED" : met(value.Value) ? "met" : "MISSED";
        var shown = value is null ? missing ?? "no figure" : TableCommand.F(value, format) + unit;
        text.AppendLine(CultureInfo.InvariantCulture, $"- {target}: {shown} — {verdict}");
    }
}
