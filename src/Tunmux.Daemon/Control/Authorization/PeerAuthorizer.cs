using System.Net.Sockets;
using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Authorization;

/// <summary>
/// The real authorizer: kernel credentials of the peer, its supplementary groups, and the
/// authorized group looked up by name on every connection (so a group created after the
/// daemon started counts), then <see cref="AuthorizationPolicy.Decide"/>.
/// </summary>
public sealed class PeerAuthorizer(string groupName) : IPeerAuthorizer
{
    public string GroupName { get; } = groupName;

    public PeerAuthorization Authorize(Socket connection)
    {
        var credentials = PeerCredentialReader.Read(connection);
        var identity = credentials.Uid == 0
            ? new PeerIdentity(credentials, [], "not needed for root")
            : ReadIdentity(connection, credentials);
        var group = new AuthorizedGroup(GroupName, GroupDatabase.FindGid(GroupName));
        return new PeerAuthorization(credentials, AuthorizationPolicy.Decide(identity, group));
    }

    private static PeerIdentity ReadIdentity(Socket connection, PeerCredentials credentials)
    {
        var (groups, source) = SupplementaryGroupReader.Read(connection, credentials);
        return new PeerIdentity(credentials, groups, source);
    }
}
