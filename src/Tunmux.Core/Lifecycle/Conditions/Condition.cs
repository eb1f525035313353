namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>
/// One status condition, shaped like Kubernetes' metav1.Condition. <paramref name="LastTransitionTime"/>
/// is when <paramref name="Status"/> last changed, not when the condition was last written.
/// </summary>
public sealed record Condition(
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message,
    long ObservedGeneration,
    DateTimeOffset LastTransitionTime);
