namespace Tunmux.Core.Planning;

public enum ChangeAction
{
    NoOp,
    Create,
    Replace,
    Delete,
}

public enum ResourceKind
{
    Tunnel,
    Proxy,

    /// <summary>The keeper of a tunnel's forwarded port (NAT-PMP renewals and the hook).</summary>
    PortForward,
}
