namespace Tunmux.Daemon.Control.Authorization;

/// <summary>Who connected and whether they may be served.</summary>
public sealed record PeerAuthorization(PeerCredentials Peer, AuthorizationDecision Decision);
