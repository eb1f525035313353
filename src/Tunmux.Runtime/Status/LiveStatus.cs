using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;

namespace Tunmux.Runtime.Status;

/// <summary>
/// What the daemon's controller knows beyond one observation: per object its conditions (with
/// real transition times), its recent events, its generation and its lifecycle phase. The CLI
/// shows it when a command runs inside the daemon; without a daemon there is none.
/// </summary>
public sealed record LiveStatus(
    IReadOnlyDictionary<string, LiveObjectStatus> Tunnels,
    IReadOnlyDictionary<string, LiveObjectStatus> Proxies)
{
    public static LiveStatus Empty { get; } = new(
        new Dictionary<string, LiveObjectStatus>(StringComparer.Ordinal),
        new Dictionary<string, LiveObjectStatus>(StringComparer.Ordinal));
}

/// <param name="Generation">Counts spec changes the controller has seen, starting at 1.</param>
/// <param name="Phase">The tunnel lifecycle's phase (Connected, Reconnecting, ...); null for proxies.</param>
public sealed record LiveObjectStatus(
    long Generation,
    string? Phase,
    ConditionSet Conditions,
    IReadOnlyList<EventHistoryEntry> Events)
{
    /// <summary>
    /// The spec hash the controller last worked from. When it differs from the declared one, the
    /// controller has not caught up with a change yet and its conditions describe the old spec.
    /// </summary>
    public string? SpecHash { get; init; }
}
