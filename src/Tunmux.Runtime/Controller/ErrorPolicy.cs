namespace Tunmux.Runtime.Controller;

/// <summary>
/// What the loop does after an outcome, kept apart from the reconciler (as controller-runtime's
/// rate limiter and kube-rs's error policy are): failures retry with exponential backoff, an
/// invalid spec is terminal until its manifests change, a requeue is not a failure.
/// </summary>
public static class ErrorPolicy
{
    /// <param name="Failures">Failures in a row after this outcome (drives the backoff).</param>
    /// <param name="RetryIn">When to reconcile the key again on its own, or null to wait for a trigger.</param>
    public sealed record Decision(int Failures, TimeSpan? RetryIn);

    public static Decision Decide(KeyOutcome outcome, int failuresBefore) => outcome switch
    {
        KeyOutcome.Ready => new Decision(0, null),
        KeyOutcome.RequeueAfter requeue => new Decision(0, requeue.Delay),

        // Terminal: an edit (a folder event or an apply) queues the key again.
        KeyOutcome.InvalidSpec => new Decision(failuresBefore, null),
        KeyOutcome.Unavailable or KeyOutcome.Failed => new Decision(failuresBefore + 1, RetryPolicy.Delay(failuresBefore + 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };
}
