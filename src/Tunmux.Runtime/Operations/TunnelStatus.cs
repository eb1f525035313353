using System.Text.Json.Serialization;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

public sealed record TunnelStatus(
    string Name,
    string Provider,
    string Mode,
    string? Backend,
    string? Namespace,
    string? Interface,
    bool Ready,
    string Reason,
    string? PeerEndpoint,
    DateTimeOffset? LatestHandshake,
    long RxBytes,
    long TxBytes,
    DateTimeOffset? CreatedAt)
{
    /// <summary>The uid that declared the object (0 = root, also for the manifest folder and Kubernetes); null when nothing declares it.</summary>
    public uint? OwnerUid { get; init; }

    /// <summary>The provider's server name, else the active peer's endpoint: where the exit leaves from.</summary>
    public string? Server { get; init; }

    /// <summary>The peer in use, counted from 1 as people count; null when the tunnel is not built.</summary>
    public int? ActivePeer { get; init; }

    /// <summary>How many peers the spec offers to fail over between.</summary>
    public int PeerCount { get; init; }

    /// <summary>The lifecycle phase: Connected, Degraded, Reconnecting, FailingOver, Blocked, ...</summary>
    public string? Phase { get; init; }

    public long ObservedGeneration { get; init; }

    /// <summary>The forwarded port and its keeper; null for a tunnel without port forwarding.</summary>
    public PortForwardStatus? PortForwarding { get; init; }

    public IReadOnlyList<ConditionView> Conditions { get; init; } = [];

    /// <summary>Recent events, oldest first (only the daemon keeps them). describe shows them; get leaves them out.</summary>
    [JsonIgnore]
    public IReadOnlyList<EventHistoryEntry> Events { get; init; } = [];
}
