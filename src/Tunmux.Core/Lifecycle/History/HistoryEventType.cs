namespace Tunmux.Core.Lifecycle.History;

/// <summary>As in Kubernetes events: Normal for progress, Warning for trouble.</summary>
public enum HistoryEventType
{
    Normal,
    Warning,
}
