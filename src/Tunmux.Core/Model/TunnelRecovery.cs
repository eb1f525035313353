namespace Tunmux.Core.Model;

/// <summary>Which recovery step the tunnel's lifecycle asks a pass for.</summary>
public enum RecoveryKind
{
    /// <summary>Set the active peer again and prompt a new handshake (the same peer).</summary>
    Reconnect,

    /// <summary>Configure another peer of the spec (or, with one peer, reset the session with it).</summary>
    FailOver,

    /// <summary>A provider's server failed: the tunnel was resolved again avoiding it, and moves to the new server.</summary>
    ChangeServer,
}

/// <summary>
/// A recovery step the lifecycle (Tunmux.Core.Lifecycle) asks for, carried to the planner beside the
/// resolved spec: the planner turns it into a change (reconnect in place, or a replace on a new
/// server), so recovery is planned, rendered and executed like any other change. Not part of the
/// spec hash: asking for a recovery never makes a spec "changed".
/// </summary>
/// <param name="Peer">The peer the step configures (wrapped into the spec's peer list by the planner).</param>
/// <param name="FailedServer">For <see cref="RecoveryKind.ChangeServer"/>: the server that failed and that the resolution avoided.</param>
public sealed record TunnelRecovery(RecoveryKind Kind, int Peer, string? FailedServer = null);
