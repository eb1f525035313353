using System.Text.Json.Serialization;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

public sealed record ProxyStatus(
    string Name,
    string TunnelRef,
    string? Socks,
    string? Http,
    int? Pid,
    bool Ready,
    string Reason,
    DateTimeOffset? CreatedAt)
{
    /// <summary>The uid that declared the object (0 = root, also for the manifest folder and Kubernetes); null when nothing declares it.</summary>
    public uint? OwnerUid { get; init; }

    public long ObservedGeneration { get; init; }

    /// <summary>Client connections open now, as the worker last published them (at most a second old); null when unknown.</summary>
    public long? ActiveConnections { get; init; }

    /// <summary>Connections the current worker admitted since it started; null when unknown.</summary>
    public long? TotalConnections { get; init; }

    public IReadOnlyList<ConditionView> Conditions { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<EventHistoryEntry> Events { get; init; } = [];
}
