namespace Tunmux.Kubernetes.Status;

/// <summary>
/// One condition in a node's entry (status.nodes[].conditions), shaped like metav1.Condition without
/// observedGeneration (the entry carries that once for all of them).
/// </summary>
/// <param name="Status">"True", "False" or "Unknown".</param>
/// <param name="LastTransitionTime">When <paramref name="Status"/> last changed on this node.</param>
public sealed record NodeCondition(string Type, string Status, string Reason, string Message, DateTimeOffset? LastTransitionTime);
