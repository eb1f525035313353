namespace Tunmux.Kubernetes.Status;

/// <summary>A Kubernetes Event worth recording about one object on this node.</summary>
/// <param name="Type">"Normal" or "Warning".</param>
public sealed record TransitionEvent(string Type, string Reason, string Message);
