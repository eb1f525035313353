using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Authorization;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Authorization;

public sealed class SupplementaryGroupReaderTests
{
    [Fact]
    public void Proc_gives_the_groups_of_a_live_peer_with_the_same_uid()
    {
        var self = new PeerCredentials(Environment.ProcessId, OwnIds.EffectiveUid(), OwnIds.EffectiveGid());

        SupplementaryGroupReader.FromProc(self).Should().Equal(OwnIds.SupplementaryGroups());
    }

    [Fact]
    public void Proc_is_not_trusted_when_the_pid_now_runs_as_someone_else()
    {
        // Same pid, another uid: what a reused PID would look like.
        var impostor = new PeerCredentials(Environment.ProcessId, OwnIds.EffectiveUid() + 1, OwnIds.EffectiveGid());

        SupplementaryGroupReader.FromProc(impostor).Should().BeNull();
    }

    [Fact]
    public void Proc_gives_nothing_for_a_pid_the_kernel_did_not_report()
    {
        SupplementaryGroupReader.FromProc(new PeerCredentials(0, 1001, 100)).Should().BeNull();
    }

    [Fact]
    public void The_group_database_lists_the_users_primary_group_too()
    {
        // getgrouplist always includes the group it is given; root's is gid 0.
        var root = new PeerCredentials(1, 0, 0);

        SupplementaryGroupReader.FromGroupDatabase(root).Should().Contain(0u);
    }

    [Fact]
    public void The_group_database_gives_nothing_for_a_uid_without_a_name()
    {
        SupplementaryGroupReader.FromGroupDatabase(new PeerCredentials(1, 3_999_999_123, 100)).Should().BeNull();
    }
}
