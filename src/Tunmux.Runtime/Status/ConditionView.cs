using Tunmux.Core.Lifecycle.Conditions;

namespace Tunmux.Runtime.Status;

/// <summary>
/// A condition as get, status and describe print it. <paramref name="LastTransitionTime"/> is null
/// when it is not known: a command that looked at the host once cannot know when a status changed.
/// </summary>
public sealed record ConditionView(
    string Type,
    string Status,
    string Reason,
    string Message,
    long ObservedGeneration,
    DateTimeOffset? LastTransitionTime)
{
    public static IReadOnlyList<ConditionView> Of(ConditionSet set, bool transitionTimesKnown) =>
        set.Items.Select(c => new ConditionView(
            c.Type, c.Status.ToString(), c.Reason, c.Message, c.ObservedGeneration,
            transitionTimesKnown ? c.LastTransitionTime : null)).ToList();
}
