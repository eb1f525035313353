using System.Net.Sockets;
using Tunmux.Daemon.Control.Authorization;

namespace Tunmux.Testing.Control;

/// <summary>Reads the real peer credentials but returns a fixed decision, so refusal is testable without other users.</summary>
public sealed class FixedAuthorizer(AuthorizationDecision decision) : IPeerAuthorizer
{
    public static FixedAuthorizer AllowAll { get; } = new(AuthorizationDecision.Allow("test"));

    public int Calls;

    public PeerAuthorization Authorize(Socket connection)
    {
        Interlocked.Increment(ref Calls);
        return new PeerAuthorization(PeerCredentialReader.Read(connection), decision);
    }
}
