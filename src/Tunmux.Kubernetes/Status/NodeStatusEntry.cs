namespace Tunmux.Kubernetes.Status;

/// <summary>One node's entry in an object's status.nodes list map (keyed by <paramref name="Node"/>).</summary>
/// <param name="Phase">Tunnels: the lifecycle phase; proxies: Listening or NotListening; Invalid for a spec that does not load.</param>
/// <param name="Ready">"True", "False" or "Unknown", as Kubernetes conditions spell it.</param>
public sealed record NodeStatusEntry(
    string Node,
    string Phase,
    string Ready,
    string Reason,
    string Message,
    long ObservedGeneration,
    DateTimeOffset? LastTransitionTime)
{
    /// <summary>The reconciler's conditions on this node (Ready, Degraded, LeakFree, ...), in its order.</summary>
    public IReadOnlyList<NodeCondition> Conditions { get; init; } = [];

    /// <summary>By value, conditions included: an entry is written only when it differs from the last one written.</summary>
    public bool Equals(NodeStatusEntry? other) =>
        other is not null
        && Node == other.Node && Phase == other.Phase && Ready == other.Ready && Reason == other.Reason
        && Message == other.Message && ObservedGeneration == other.ObservedGeneration
        && LastTransitionTime == other.LastTransitionTime
        && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Node, Phase, Ready, Reason, Message, ObservedGeneration, LastTransitionTime, Conditions.Count);
}
