namespace Tunmux.Runtime.Controller;

/// <summary>The controller's memory of one key: its last report and outcome, and its retry schedule.</summary>
public sealed record KeyStatus(string Key, KeyReport? LastReport, int Failures, DateTimeOffset? NextRetry, DateTimeOffset? LastReconciled)
{
    /// <summary>What the last full pass came to; null before the first.</summary>
    public KeyOutcome? Outcome { get; init; }

    public bool InBackoff(DateTimeOffset now) => NextRetry is { } retry && retry > now;
}
