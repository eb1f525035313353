namespace Tunmux.Core.Planning;

/// <summary>
/// One step of a plan: what happens to which object and why. Each kind of change is a type of
/// its own that carries exactly what the executor needs (the desired object, the current record,
/// or both), so the executor pattern-matches and never guesses which payload is there. The set is
/// closed: the constructor is private to this assembly.
/// </summary>
public abstract record PlannedChange
{
    private protected PlannedChange(ResourceKind kind, string name, string reason)
    {
        Kind = kind;
        Name = name;
        Reason = reason;
    }

    public ResourceKind Kind { get; }

    public string Name { get; }

    public string Reason { get; init; }

    /// <summary>The change as people read it (+, ~, -, =); a reconnect counts as a change.</summary>
    public abstract ChangeAction Action { get; }

    /// <summary>The tunnel the change belongs to (its reconcile key); null for host-wide work (an orphan namespace).</summary>
    public abstract string? Tunnel { get; }

    /// <summary>Human-readable field changes ("socks: 127.0.0.1:1080 -> 127.0.0.1:1090"); never secrets.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}

/// <summary>The object matches its declaration: nothing to do.</summary>
public sealed record Unchanged : PlannedChange
{
    public Unchanged(ResourceKind kind, string name, string tunnel)
        : base(kind, name, "up to date") => Tunnel = tunnel;

    public override ChangeAction Action => ChangeAction.NoOp;

    public override string Tunnel { get; }
}
