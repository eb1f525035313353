namespace Tunmux.Core.Planning;

/// <summary>What a change does, as people read it (plans, summaries, the control protocol). New values go last: clients may read the number.</summary>
public enum ChangeAction
{
    NoOp,
    Create,
    Replace,
    Delete,

    /// <summary>A recovery step: the tunnel stays, its peer is configured again (same peer, or a failover).</summary>
    Reconnect,
}

public enum ResourceKind
{
    Tunnel,
    Proxy,

    /// <summary>The keeper of a tunnel's forwarded port (NAT-PMP renewals and the hook).</summary>
    PortForward,
}
