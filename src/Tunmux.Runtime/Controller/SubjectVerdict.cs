using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Controller;

/// <summary>Where waiting for one subject stands.</summary>
public enum SubjectState
{
    /// <summary>Not there yet, and waiting longer may help (no pass finished yet, a requeue, an unreachable provider, no handshake yet).</summary>
    Pending,

    /// <summary>Its key's latest pass came to Ready, and so did its Ready condition: clients can use it.</summary>
    Ready,

    /// <summary>Waiting longer will not help until something changes (an invalid spec, a failed pass, not declared).</summary>
    Failed,
}

/// <summary>One subject ("tunnel/NAME", "proxy/NAME") as a wait sees it, with a reason and a message for people.</summary>
public sealed record SubjectVerdict(string Subject, SubjectState State, string Reason, string Message)
{
    /// <summary>
    /// No pass of the subject's key finished during this wait: the verdict says nothing new, and a
    /// client that asks again and again keeps what an earlier ask told it.
    /// </summary>
    public bool NoFreshPass { get; init; }

    public const string TunnelKind = "tunnel";
    public const string ProxyKind = "proxy";

    /// <summary>The key whose passes decide <paramref name="subject"/>, or null when nothing declared names it.</summary>
    public static string? KeyOf(string subject, IReadOnlyList<ManifestObject> declared)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(declared);
        var slash = subject.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var (kind, name) = (subject[..slash], subject[(slash + 1)..]);
        return kind switch
        {
            TunnelKind => declared.OfType<TunnelManifest>().Any(t => t.Name == name) ? name : null,
            ProxyKind => declared.OfType<ProxyManifest>().FirstOrDefault(p => p.Name == name)?.Spec.TunnelRef,
            _ => null,
        };
    }

    /// <summary>A subject nothing declares: no pass will make it Ready.</summary>
    public static SubjectVerdict NotDeclared(string subject) =>
        new(subject, SubjectState.Failed, "NotFound", "no manifest declares it");

    /// <summary>
    /// Judges a subject from the outcome of its key's latest pass since the wait began
    /// (<paramref name="fresh"/>) and its live conditions. A Ready outcome says the host matches the
    /// spec; the subject is Ready once its Ready condition (handshake, proxies listening) agrees too.
    /// Only a fresh outcome decides: <paramref name="earlier"/> (from before the wait) is only shown.
    /// </summary>
    public static SubjectVerdict Judge(string subject, KeyOutcome? fresh, KeyOutcome? earlier, LiveObjectStatus? live)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return fresh switch
        {
            null => new(subject, SubjectState.Pending, "Pending", Before(subject, earlier)) { NoFreshPass = true },
            KeyOutcome.InvalidSpec invalid => new(subject, SubjectState.Failed, "InvalidSpec", string.Join("; ", invalid.Errors.Select(e => e.ToString()))),
            KeyOutcome.Failed failed => new(subject, SubjectState.Failed, "Failed", failed.Reason),
            KeyOutcome.RequeueAfter requeue => new(subject, SubjectState.Pending, "RequeueAfter", requeue.Reason),
            KeyOutcome.Unavailable unavailable => new(subject, SubjectState.Pending, "Unavailable", unavailable.Reason),
            KeyOutcome.Ready => live?.Conditions.Find(ConditionTypes.Ready) is { Status: not ConditionStatus.True } condition
                ? new(subject, SubjectState.Pending, condition.Reason, condition.Message)
                : new(subject, SubjectState.Ready, "Ready", "reconciled"),
            _ => throw new ArgumentOutOfRangeException(nameof(fresh), fresh, "unknown outcome"),
        };
    }

    private static string Before(string subject, KeyOutcome? earlier)
    {
        const string noPass = "no reconcile has finished since the wait began";
        if (earlier is null)
        {
            return noPass;
        }

        var before = Judge(subject, earlier, null, null);
        return $"{noPass}; the one before came to {before.Reason}: {before.Message}";
    }
}
