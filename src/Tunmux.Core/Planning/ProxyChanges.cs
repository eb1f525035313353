using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>Start a proxy worker that is declared and not running.</summary>
public sealed record CreateProxy : PlannedChange
{
    public CreateProxy(DesiredProxy desired, string reason)
        : base(ResourceKind.Proxy, desired.Name, reason) => Desired = desired;

    public DesiredProxy Desired { get; }

    public override ChangeAction Action => ChangeAction.Create;

    public override string Tunnel => Desired.TunnelRef;
}

/// <summary>Stop a proxy worker and start it again (its spec changed, its tunnel is rebuilt, or it died).</summary>
public sealed record ReplaceProxy : PlannedChange
{
    public ReplaceProxy(ProxyRecord current, DesiredProxy desired, string reason)
        : base(ResourceKind.Proxy, desired.Name, reason) => (Current, Desired) = (current, desired);

    public ProxyRecord Current { get; }

    public DesiredProxy Desired { get; }

    public override ChangeAction Action => ChangeAction.Replace;

    public override string Tunnel => Desired.TunnelRef;
}

/// <summary>Stop a proxy worker that is no longer declared.</summary>
public sealed record DeleteProxy : PlannedChange
{
    public DeleteProxy(ProxyRecord current, string reason)
        : base(ResourceKind.Proxy, current.Name, reason) => Current = current;

    public ProxyRecord Current { get; }

    public override ChangeAction Action => ChangeAction.Delete;

    public override string Tunnel => Current.TunnelRef;
}
