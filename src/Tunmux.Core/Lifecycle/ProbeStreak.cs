using Tunmux.Core.Host;
using Tunmux.Core.Model;

namespace Tunmux.Core.Lifecycle;

/// <summary>
/// Counts a tunnel's failed probes in a row and turns single outcomes into the events the
/// lifecycle hears: a failure only once <see cref="ProbeSettings.FailureThreshold"/> are in a row
/// (one lost packet must not tear a tunnel down), a pass when it is news (after reported failures,
/// or while the lifecycle waits for evidence that the tunnel works). Everything else is kept
/// quiet, so a healthy tunnel's probes cost the controller nothing.
/// </summary>
public sealed record ProbeStreak(int Failures)
{
    public static ProbeStreak None { get; } = new(0);

    /// <param name="passesMatter">True while a passing probe would change the lifecycle's mind (see <see cref="ProbeCadence.PassesMatter"/>).</param>
    public (ProbeStreak Next, TunnelEvent.ProbeResult? Report) Record(
        ProbeOutcome outcome, ProbeSettings settings, bool passesMatter, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(settings);
        var detail = $"{settings.Target.Description}: {outcome.Detail}";
        if (outcome.Ok)
        {
            var news = passesMatter || Failures >= settings.FailureThreshold;
            return (None, news ? new TunnelEvent.ProbeResult(true, detail, at) : null);
        }

        // Saturates instead of overflowing on a tunnel that fails for years.
        var failures = Failures == int.MaxValue ? Failures : Failures + 1;
        var report = failures >= settings.FailureThreshold
            // The count is the threshold, not the running total, so the message (and with it the
            // tunnel's cause and history) stays the same while the failure goes on.
            ? new TunnelEvent.ProbeResult(false, $"{detail} ({settings.FailureThreshold} in a row)", at)
            : null;
        return (new ProbeStreak(failures), report);
    }
}
