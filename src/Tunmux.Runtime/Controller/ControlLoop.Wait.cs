using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Waiting for subjects ("tunnel/NAME", "proxy/NAME") through the loop's own passes: each key's next
/// completed reconcile decides, and a live condition that changes wakes the wait. Nothing polls.
/// </summary>
public sealed partial class ControlLoop
{
    /// <summary>
    /// Waits until every subject is Ready (its key's next completed pass came to Ready and its Ready
    /// condition is True), until one can no longer become Ready (invalid spec, failed pass, not
    /// declared), or until <paramref name="timeout"/> has passed on the loop's clock. A requeue or an
    /// unreachable provider keeps the wait going: the loop looks again on its own. Each key gets a
    /// pass at once unless it waits out a failure's backoff (then its retry is the pass waited for).
    /// </summary>
    /// <returns>Each subject's verdict, in the order given; on timeout the pending ones show the last outcome.</returns>
    public async Task<IReadOnlyList<SubjectVerdict>> AwaitSubjectsAsync(IReadOnlyList<string> subjects, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var declared = sources.Current();
        var keyOf = subjects.Distinct(StringComparer.Ordinal).ToDictionary(s => s, s => SubjectVerdict.KeyOf(s, declared), StringComparer.Ordinal);
        var keys = keyOf.Values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var earlier = keys.ToDictionary(k => k, k => _status.GetValueOrDefault(k)?.Outcome, StringComparer.Ordinal);
        var fresh = new Dictionary<string, KeyOutcome>(StringComparer.Ordinal);
        var waiters = keys.ToDictionary(k => k, AddWaiter, StringComparer.Ordinal);
        try
        {
            var now = _time.GetUtcNow();
            RequestFullPass(keys.Where(k => !(_status.GetValueOrDefault(k)?.InBackoff(now) ?? false)), "a client waits");
            using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = Task.Delay(timeout, _time, expiry.Token);
            try
            {
                while (true)
                {
                    // Taken before the board is read, so a publish meanwhile still wakes the next round.
                    var published = Board.NextPublish;
                    var live = Board.Current;
                    var verdicts = subjects.Select(s => keyOf[s] is { } key
                        ? SubjectVerdict.Judge(s, fresh.GetValueOrDefault(key), earlier[key], LiveOf(live, s))
                        : SubjectVerdict.NotDeclared(s)).ToList();
                    if (verdicts.All(v => v.State == SubjectState.Ready) || verdicts.Any(v => v.State == SubjectState.Failed) || expired.IsCompleted)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return verdicts;
                    }

                    await Task.WhenAny([expired, published, .. waiters.Values.Select(w => w.Task)]).ConfigureAwait(false);
                    foreach (var (key, waiter) in waiters.Where(w => w.Value.Task.IsCompleted).ToList())
                    {
                        // Later passes count too (a requeue's, a rebuild's): keep listening for the key.
                        fresh[key] = waiter.Task.Result.Outcome;
                        waiters[key] = AddWaiter(key);
                    }
                }
            }
            finally
            {
                // Stops the timer now rather than at the deadline.
                await expiry.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var (key, waiter) in waiters)
            {
                DropWaiter(key, waiter);
            }
        }
    }

    private static LiveObjectStatus? LiveOf(LiveStatus live, string subject)
    {
        var slash = subject.IndexOf('/', StringComparison.Ordinal);
        var name = subject[(slash + 1)..];
        return subject[..slash] == SubjectVerdict.ProxyKind ? live.Proxies.GetValueOrDefault(name) : live.Tunnels.GetValueOrDefault(name);
    }
}
