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
    public long ObservedGeneration { get; init; }

    public IReadOnlyList<ConditionView> Conditions { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<EventHistoryEntry> Events { get; init; } = [];
}
