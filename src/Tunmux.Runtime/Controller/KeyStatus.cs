using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Controller;

/// <summary>The controller's memory of one key: its last report and its retry schedule.</summary>
public sealed record KeyStatus(string Key, KeyReport? LastReport, int Failures, DateTimeOffset? NextRetry, DateTimeOffset? LastReconciled)
{
    public bool InBackoff(DateTimeOffset now) => NextRetry is { } retry && retry > now;
}
