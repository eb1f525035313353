namespace Tunmux.Runtime.Controller;

/// <summary>The controller's memory of one key: its last report and outcome, and its retry schedule.</summary>
public sealed record KeyStatus(string Key, KeyReport? LastReport, int Failures, DateTimeOffset? NextRetry, DateTimeOffset? LastReconciled)
{
    /// <summary>What the last full pass came to; null before the first.</summary>
    public KeyOutcome? Outcome { get; init; }

    /// <summary>True while a failure's retry is pending; a requeue (not a failure) never holds back a drift event.</summary>
    public bool InBackoff(DateTimeOffset now) => Failures > 0 && NextRetry is { } retry && retry > now;
}
