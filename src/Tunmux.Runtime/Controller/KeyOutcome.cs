using Tunmux.Api.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// What one reconcile of one key came to. The set is closed, as controller-runtime's and kube-rs's
/// results are: the reconciler only says what happened; what follows (retry, backoff, wait for an
/// edit) is the <see cref="ErrorPolicy"/>'s business.
/// </summary>
public abstract record KeyOutcome
{
    private KeyOutcome()
    {
    }

    /// <summary>The key's part of the host matches its declared objects.</summary>
    public sealed record Ready : KeyOutcome;

    /// <summary>Nothing failed, but the key wants another look after <paramref name="Delay"/>.</summary>
    public sealed record RequeueAfter(TimeSpan Delay, string Reason) : KeyOutcome;

    /// <summary>The key's manifests are wrong: terminal until they change. What runs is left alone.</summary>
    public sealed record InvalidSpec(IReadOnlyList<ManifestError> Errors) : KeyOutcome;

    /// <summary>
    /// Something the key needs could not be asked (a provider's API): retried with backoff.
    /// Repairs that need no answer from it were still made with the last resolved spec.
    /// </summary>
    public sealed record Unavailable(string Reason) : KeyOutcome;

    /// <summary>A change to the host failed (or the pass itself did): retried with backoff.</summary>
    public sealed record Failed(string Reason) : KeyOutcome;

    /// <summary>How soon a key whose changes all succeeded, but whose host does not match yet, is looked at again.</summary>
    public static readonly TimeSpan SettleRecheck = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The outcome a pass's report comes to. A failed change outranks an unavailable provider; a pass
    /// whose changes all succeeded while a fresh plan still wants more (a process still starting)
    /// asks for another look soon instead of counting as a failure.
    /// </summary>
    public static KeyOutcome Of(KeyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.InvalidSpec.Count > 0)
        {
            return new InvalidSpec(report.InvalidSpec);
        }

        if (report.Execution is { Succeeded: false } execution)
        {
            return new Failed(execution.Failures.FirstOrDefault() is { } failure ? $"{failure.Change.Kind} {failure.Change.Action}: {failure.Error}" : report.FailureReason ?? "failed");
        }

        if (report.Unavailable.Count > 0)
        {
            return new Unavailable(string.Join("; ", report.Unavailable.Select(e => e.Message)));
        }

        return report.Remaining is { HasChanges: true } remaining
            ? new RequeueAfter(SettleRecheck, $"the host does not match yet: {remaining.Summary}")
            : new Ready();
    }
}
