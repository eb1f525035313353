using System.Globalization;
using Tunmux.Api.Model;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Commands.Waiting;

/// <summary>
/// `apply --wait`: polls the applied objects' readiness until all are Ready or the time is up,
/// printing a line whenever an object's state changes, so a person sees progress as it happens.
/// Where the readiness comes from (this process, or the daemon) is the caller's business.
/// </summary>
public static class ReadinessWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The objects to wait for, as "tunnel/NAME" and "proxy/NAME", in the order they were given.</summary>
    public static IReadOnlyList<string> SubjectsOf(IEnumerable<ManifestObject> objects) =>
        objects.Select(o => $"{o.Kind.ToLowerInvariant()}/{o.Name}").Distinct(StringComparer.Ordinal).ToList();

    /// <returns><see cref="ExitCodes.Success"/> when all are Ready, <see cref="ExitCodes.Failed"/> on timeout.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> subjects,
        Func<CancellationToken, Task<IReadOnlyList<ObjectReadiness>>> poll,
        Action<string> progress,
        Action<string> problem,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var interval = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        progress($"Waiting up to {Duration(timeout)} for {subjects.Count} object{(subjects.Count == 1 ? "" : "s")} to be Ready.");
        while (true)
        {
            var now = (await poll(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Subject, StringComparer.Ordinal);
            var current = subjects.Select(s => now.GetValueOrDefault(s) ?? new ObjectReadiness(s, false, "NotFound", "not reported yet")).ToList();
            foreach (var readiness in current)
            {
                var line = readiness.Ready ? $"{readiness.Subject}: Ready" : $"{readiness.Subject}: {readiness.Reason} ({readiness.Message})";
                if (shown.GetValueOrDefault(readiness.Subject) != line)
                {
                    shown[readiness.Subject] = line;
                    progress(line);
                }
            }

            var elapsed = time.GetElapsedTime(started);
            if (current.All(r => r.Ready))
            {
                progress($"All {current.Count} Ready after {Duration(elapsed)}.");
                return ExitCodes.Success;
            }

            if (elapsed >= timeout)
            {
                problem($"Timed out after {Duration(timeout)}; not Ready:");
                foreach (var waiting in current.Where(r => !r.Ready))
                {
                    problem($"  {waiting.Subject}: {waiting.Reason}: {waiting.Message}");
                }

                return ExitCodes.Failed;
            }

            await Task.Delay(Min(interval, timeout - elapsed), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Duration(TimeSpan span) =>
        span.TotalSeconds < 120
            ? ((int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s"
            : ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m" + (span.Seconds > 0 ? span.Seconds.ToString(CultureInfo.InvariantCulture) + "s" : "");
}
