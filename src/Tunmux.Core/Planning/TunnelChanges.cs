using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>Build a tunnel that is declared and not there.</summary>
public sealed record CreateTunnel : PlannedChange
{
    public CreateTunnel(DesiredTunnel desired, string reason)
        : base(ResourceKind.Tunnel, desired.Name, reason) => Desired = desired;

    public DesiredTunnel Desired { get; }

    public override ChangeAction Action => ChangeAction.Create;

    public override string Tunnel => Desired.Name;
}

/// <summary>Tear a tunnel down and build it again (its spec changed, it is broken, or it moves to another server).</summary>
public sealed record ReplaceTunnel : PlannedChange
{
    public ReplaceTunnel(TunnelRecord current, DesiredTunnel desired, string reason)
        : base(ResourceKind.Tunnel, desired.Name, reason) => (Current, Desired) = (current, desired);

    public TunnelRecord Current { get; }

    public DesiredTunnel Desired { get; }

    public override ChangeAction Action => ChangeAction.Replace;

    public override string Tunnel => Desired.Name;
}

/// <summary>Remove a tunnel that is no longer declared.</summary>
public sealed record DeleteTunnel : PlannedChange
{
    public DeleteTunnel(TunnelRecord current, string reason)
        : base(ResourceKind.Tunnel, current.Name, reason) => Current = current;

    public TunnelRecord Current { get; }

    public override ChangeAction Action => ChangeAction.Delete;

    public override string Tunnel => Current.Name;
}

/// <summary>Remove a namespace that carries tunmux's prefix but that no record accounts for (--prune).</summary>
public sealed record DeleteOrphanNamespace : PlannedChange
{
    public DeleteOrphanNamespace(string @namespace, string reason)
        : base(ResourceKind.Tunnel, @namespace, reason) => Namespace = @namespace;

    public string Namespace { get; }

    public override ChangeAction Action => ChangeAction.Delete;

    /// <summary>No tunnel's: the host's.</summary>
    public override string? Tunnel => null;
}

/// <summary>
/// Remove a WireGuard interface a build left in the host namespace (see
/// <see cref="Observed.OrphanInterfaces"/>), by its exact name.
/// </summary>
public sealed record DeleteOrphanInterface : PlannedChange
{
    public DeleteOrphanInterface(string @interface, string reason)
        : base(ResourceKind.Tunnel, @interface, reason) => Interface = @interface;

    public string Interface { get; }

    public override ChangeAction Action => ChangeAction.Delete;

    /// <summary>No tunnel's: the host's.</summary>
    public override string? Tunnel => null;
}

/// <summary>
/// A recovery step: keep the tunnel and configure peer <see cref="Peer"/> on it (the same peer
/// again, which resets WireGuard's session, or another one: a failover). Its workers keep running.
/// </summary>
public sealed record ReconnectTunnel : PlannedChange
{
    public ReconnectTunnel(TunnelRecord current, DesiredTunnel desired, int peer, string reason)
        : base(ResourceKind.Tunnel, desired.Name, reason) => (Current, Desired, Peer) = (current, desired, peer);

    public TunnelRecord Current { get; }

    public DesiredTunnel Desired { get; }

    /// <summary>The peer to configure, as an index into the spec's peers (already wrapped into range).</summary>
    public int Peer { get; }

    public override ChangeAction Action => ChangeAction.Reconnect;

    public override string Tunnel => Desired.Name;
}
