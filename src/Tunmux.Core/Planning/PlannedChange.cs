using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>
/// One step of a plan: what happens to which object and why. It carries the desired object
/// and the current record so that the executor needs nothing else.
/// </summary>
public sealed record PlannedChange(ResourceKind Kind, string Name, ChangeAction Action, string Reason)
{
    public DesiredTunnel? DesiredTunnel { get; init; }

    public TunnelRecord? CurrentTunnel { get; init; }

    public DesiredProxy? DesiredProxy { get; init; }

    public ProxyRecord? CurrentProxy { get; init; }

    public DesiredPortForward? DesiredPortForward { get; init; }

    public PortForwardRecord? CurrentPortForward { get; init; }

    /// <summary>Set when the change deletes a namespace we own but have no record of.</summary>
    public string? OrphanNamespace { get; init; }

    /// <summary>Human-readable field changes ("socks: 127.0.0.1:1080 -> 127.0.0.1:1090"); never secrets.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
