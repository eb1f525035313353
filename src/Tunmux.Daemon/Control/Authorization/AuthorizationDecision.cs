namespace Tunmux.Daemon.Control.Authorization;

/// <param name="Reason">Why: "root", "primary group tunmux", ... or, when refused, the message the peer receives.</param>
public sealed record AuthorizationDecision(bool Allowed, string Reason)
{
    public static AuthorizationDecision Allow(string reason) => new(true, reason);

    public static AuthorizationDecision Deny(string message) => new(false, message);
}
