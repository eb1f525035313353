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
}
