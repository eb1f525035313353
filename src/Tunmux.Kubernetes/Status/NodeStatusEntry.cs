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
    DateTimeOffset? LastTransitionTime);
