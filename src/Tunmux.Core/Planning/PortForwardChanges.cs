using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>Start the keeper of a tunnel's forwarded port.</summary>
public sealed record CreatePortForward : PlannedChange
{
    public CreatePortForward(DesiredPortForward desired, string reason)
        : base(ResourceKind.PortForward, desired.Tunnel, reason) => Desired = desired;

    public DesiredPortForward Desired { get; }

    public override ChangeAction Action => ChangeAction.Create;

    public override string Tunnel => Desired.Tunnel;
}

/// <summary>Stop a port keeper and start it again (its hook changed, its tunnel is rebuilt, or it died).</summary>
public sealed record ReplacePortForward : PlannedChange
{
    public ReplacePortForward(PortForwardRecord current, DesiredPortForward desired, string reason)
        : base(ResourceKind.PortForward, desired.Tunnel, reason) => (Current, Desired) = (current, desired);

    public PortForwardRecord Current { get; }

    public DesiredPortForward Desired { get; }

    public override ChangeAction Action => ChangeAction.Replace;

    public override string Tunnel => Desired.Tunnel;
}

/// <summary>Stop a port keeper that is no longer wanted.</summary>
public sealed record DeletePortForward : PlannedChange
{
    public DeletePortForward(PortForwardRecord current, string reason)
        : base(ResourceKind.PortForward, current.Name, reason) => Current = current;

    public PortForwardRecord Current { get; }

    public override ChangeAction Action => ChangeAction.Delete;

    public override string Tunnel => Current.Name;
}
