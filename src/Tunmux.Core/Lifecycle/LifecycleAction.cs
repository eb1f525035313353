namespace Tunmux.Core.Lifecycle;

/// <summary>
/// What the lifecycle asks the host to do, as data: the run loop hands these to the executor and
/// reports the outcome back as events. None of them opens a path outside the tunnel: an unhealthy
/// tunnel is repaired in place, and traffic waits (fails closed) while it is. "Nothing to do" is an
/// empty action list rather than an action of its own, so there is exactly one way to say it.
/// </summary>
public abstract record LifecycleAction
{
    private LifecycleAction()
    {
    }

    /// <summary>Ensure the tunnel exists, using peer <paramref name="PeerIndex"/>; leaves a matching tunnel alone.</summary>
    public sealed record Build(int PeerIndex) : LifecycleAction;

    /// <summary>Tear the tunnel down and build it again with peer <paramref name="PeerIndex"/>.</summary>
    public sealed record Rebuild(int PeerIndex, string Reason) : LifecycleAction;

    /// <summary>
    /// Keep the interface, set the peer's endpoint again (resolving its host name afresh when
    /// <paramref name="ReResolveEndpoint"/>) and prompt a new handshake.
    /// </summary>
    public sealed record Reconnect(int PeerIndex, bool ReResolveEndpoint) : LifecycleAction;

    /// <summary>
    /// Replace the interface's peer with peer <paramref name="ToPeerIndex"/>. With a single peer,
    /// from and to are the same, which still resets WireGuard's session with it.
    /// </summary>
    public sealed record FailOver(int FromPeerIndex, int ToPeerIndex) : LifecycleAction;

    /// <summary>
    /// A provider tunnel's server had its reconnects: mark <paramref name="FromServer"/> unhealthy
    /// for the tunnel and resolve the tunnel again, so that its provider picks the next server that
    /// matches the selector. The outcome comes back as <see cref="TunnelEvent.ServerResolved"/>;
    /// nothing is opened meanwhile.
    /// </summary>
    public sealed record ChangeServer(string FromServer) : LifecycleAction;

    /// <summary>
    /// Make sure nothing leaves except through the tunnel (proxy mode: the namespace has no route
    /// but the tunnel's; direct mode: the kill switch holds) and report <paramref name="Cause"/>.
    /// </summary>
    public sealed record MarkBlocked(Cause Cause) : LifecycleAction;

    /// <summary>Remove everything tunmux built for the tunnel.</summary>
    public sealed record Delete : LifecycleAction;
}
