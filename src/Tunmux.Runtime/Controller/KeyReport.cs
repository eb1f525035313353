using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Execution;

namespace Tunmux.Runtime.Controller;

/// <summary>What one reconcile of one key found and did.</summary>
public sealed record KeyReport(string Key)
{
    public Plan? Plan { get; init; }

    public ExecutionReport? Execution { get; init; }

    /// <summary>What a fresh plan still wanted after running; null when nothing was run.</summary>
    public Plan? Remaining { get; init; }

    /// <summary>Things a person should know that are not errors (unreadable records, orphans).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Errors in the key's own manifests: terminal until the manifests change.</summary>
    public IReadOnlyList<ManifestError> InvalidSpec { get; init; } = [];

    /// <summary>
    /// Problems that are not in the manifests (a provider's API unreachable): nothing was changed,
    /// and the pass is retried with backoff.
    /// </summary>
    public IReadOnlyList<ManifestError> Unavailable { get; init; } = [];

    /// <summary>The key's resolved objects, as the pass built them (null when the spec was invalid).</summary>
    public DesiredState? Desired { get; init; }

    /// <summary>What the host showed before the pass changed anything (the key's part only).</summary>
    public ObservedState? Before { get; init; }

    /// <summary>What the host showed after the pass (the key's part only).</summary>
    public ObservedState? After { get; init; }

    public TimeSpan Duration { get; init; }

    public bool Converged => InvalidSpec.Count == 0 && Unavailable.Count == 0 && (Execution?.Succeeded ?? true)
        && (After is null || !(Plan?.HasChanges ?? false) || Execution is not null);

    /// <summary>The first failure, for status and the error metric's reason label.</summary>
    public string? FailureReason => InvalidSpec.Count > 0 ? "InvalidSpec"
        : Unavailable.Count > 0 ? "ProviderUnavailable"
        : Execution?.Failures.FirstOrDefault() is { } failure ? $"{failure.Change.Kind}{failure.Change.Action}Failed"
        : null;
}
