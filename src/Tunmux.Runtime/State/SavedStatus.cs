using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;

namespace Tunmux.Runtime.State;

/// <summary>
/// What the daemon knows of one tunnel or proxy beyond what the host shows, saved so that a
/// restarted daemon carries on from it: the generation, the spec fingerprint it counts from,
/// the conditions (with their transition times) and the recent events. Holds no secrets.
/// </summary>
/// <param name="Fingerprint">The spec hash the generation was counted for, or "invalid: reason".</param>
public sealed record SavedStatus(
    long Generation,
    string? Fingerprint,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<EventHistoryEntry> Events)
{
    /// <summary>Value equality, lists included (a record compares lists by reference), to write only on change.</summary>
    public bool SameAs(SavedStatus? other) =>
        other is not null
        && Generation == other.Generation
        && Fingerprint == other.Fingerprint
        && Conditions.SequenceEqual(other.Conditions)
        && Events.SequenceEqual(other.Events);
}
