using System.Globalization;
using Tunmux.Api.Model;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Commands.Waiting;

/// <summary>
/// `apply --wait`: asks for the applied objects' readiness until all are Ready, one cannot become
/// Ready (settled: an invalid spec, a failed pass), or the time is up, printing a line whenever an
/// object's state changes, so a person sees progress as it happens. Each ask may take up to
/// <see cref="AskFor"/>: the daemon answers when the loop's passes decide (no polling there); a
/// source that answers at once is asked again after a short pause.
/// </summary>
public static class ReadinessWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The longest one ask may wait before the client prints progress and asks again.</summary>
    public static readonly TimeSpan AskFor = TimeSpan.FromSeconds(5);

    /// <summary>The objects to wait for, as "tunnel/NAME" and "proxy/NAME", in the order they were given.</summary>
    public static IReadOnlyList<string> SubjectsOf(IEnumerable<ManifestObject> objects) =>
        objects.Select(o => $"{o.Kind.ToLowerInvariant()}/{o.Name}").Distinct(StringComparer.Ordinal).ToList();

    /// <param name="ask">The subjects' readiness, waiting up to the given time for all to be Ready (or answering at once).</param>
    /// <returns><see cref="ExitCodes.Success"/> when all are Ready, <see cref="ExitCodes.Failed"/> when one cannot be or on timeout.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> subjects,
        Func<TimeSpan, CancellationToken, Task<IReadOnlyList<ObjectReadiness>>> ask,
        Action<string> progress,
        Action<string> problem,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new Dictionary<string, ObjectReadiness>(StringComparer.Ordinal);
        progress($"Waiting up to {Duration(timeout)} for {subjects.Count} object{(subjects.Count == 1 ? "" : "s")} to be Ready.");
        while (true)
        {
            var asked = time.GetTimestamp();
            var now = (await ask(Min(AskFor, Max(TimeSpan.Zero, timeout - time.GetElapsedTime(started))), cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.Subject, StringComparer.Ordinal);
            var current = subjects.Select(s => Latest(known, s, now.GetValueOrDefault(s))).ToList();
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

            if (current.Any(r => r.Settled && !r.Ready))
            {
                problem("Cannot become Ready by waiting:");
                foreach (var settled in current.Where(r => r.Settled && !r.Ready))
                {
                    problem($"  {settled.Subject}: {settled.Reason}: {settled.Message}");
                }

                return ExitCodes.Failed;
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

            // A source that waited (the daemon) is asked again at once; one that answered at once, after a pause.
            var rest = Min(pause - time.GetElapsedTime(asked), timeout - elapsed);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What is known of <paramref name="subject"/> after this ask: its answer, unless the answer says no
    /// pass finished meanwhile (each ask waits anew, and a short last ask often sees none); then what an
    /// earlier ask said still holds, so the report at a timeout shows the real reason, not "Pending".
    /// </summary>
    private static ObjectReadiness Latest(Dictionary<string, ObjectReadiness> known, string subject, ObjectReadiness? answer)
    {
        answer ??= new ObjectReadiness(subject, false, "NotFound", "not reported yet");
        if (answer.NoNewPass && known.TryGetValue(subject, out var earlier))
        {
            return earlier;
        }

        known[subject] = answer;
        return answer;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Duration(TimeSpan span) =>
        span.TotalSeconds < 120
            ? ((int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s"
            : ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m" + (span.Seconds > 0 ? span.Seconds.ToString(CultureInfo.InvariantCulture) + "s" : "");
}
