using System.Net.Sockets;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Authorization;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Authorization;

public sealed class PeerCredentialReaderTests
{
    [Fact]
    public void SO_PEERCRED_reports_the_connecting_process_pid_uid_and_gid()
    {
        var (server, client) = ConnectedPair();
        using (server)
        using (client)
        {
            var peer = PeerCredentialReader.Read(server);

            peer.Should().Be(new PeerCredentials(Environment.ProcessId, OwnIds.EffectiveUid(), OwnIds.EffectiveGid()));
        }
    }

    [Fact]
    public void SO_PEERGROUPS_reports_the_connecting_process_supplementary_groups()
    {
        var (server, client) = ConnectedPair();
        using (server)
        using (client)
        {
            var groups = PeerCredentialReader.ReadGroups(server);

            groups.Should().NotBeNull("this kernel has SO_PEERGROUPS (Linux 4.13+)");
            groups.Should().BeEquivalentTo(OwnIds.SupplementaryGroups());
        }
    }

    [Fact]
    public void The_real_authorizer_reads_the_peer_and_names_the_reason()
    {
        var (server, client) = ConnectedPair();
        using (server)
        using (client)
        {
            var ownGroup = Tunmux.Daemon.Control.Unix.GroupDatabase.FindName(OwnIds.EffectiveGid())!;

            var authorization = new PeerAuthorizer(ownGroup).Authorize(server);

            authorization.Peer.Pid.Should().Be(Environment.ProcessId);
            authorization.Decision.Allowed.Should().BeTrue();
            authorization.Decision.Reason.Should().Be(OwnIds.EffectiveUid() == 0 ? "root" : $"primary group {ownGroup}");
        }
    }

    private static (Socket Server, Socket Client) ConnectedPair()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tmxcred-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        var server = listener.Accept();
        File.Delete(path);
        return (server, client);
    }
}
