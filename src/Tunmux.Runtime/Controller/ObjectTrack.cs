using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// What the controller remembers of a tunnel or a proxy that the host cannot tell it: conditions,
/// history, generation and the spec fingerprint the generation counts. Saved in the state dir
/// when it changes (<see cref="StatusShelf"/>), so a restarted daemon carries on from it.
/// </summary>
internal abstract class ObjectTrack(string name)
{
    public string Name { get; } = name;

    public ConditionSet Conditions { get; set; } = ConditionSet.Empty;

    public EventHistory History { get; set; } = EventHistory.Empty();

    /// <summary>1 at first sight, one more for every spec change (hash or validity).</summary>
    public long Generation { get; set; }

    /// <summary>The spec hash, or "invalid: reason".</summary>
    public string? Fingerprint { get; set; }

    /// <summary>What was last saved (or restored), so an unchanged status is not written again.</summary>
    public SavedStatus? Saved { get; set; }

    public SavedStatus Snapshot() => new(Generation, Fingerprint, Conditions.Items, History.Entries);

    /// <summary>Takes up where a previous daemon left off.</summary>
    public void Restore(SavedStatus saved)
    {
        Generation = saved.Generation;
        Fingerprint = saved.Fingerprint;
        Conditions = saved.Conditions.Aggregate(ConditionSet.Empty, (set, condition) => set.Set(condition));
        History = EventHistory.Of(saved.Events);
        Saved = saved;
    }
}
