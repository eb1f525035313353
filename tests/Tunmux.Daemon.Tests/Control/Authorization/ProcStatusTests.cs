using Tunmux.Daemon.Control.Authorization;

namespace Tunmux.Daemon.Tests.Control.Authorization;

public sealed class ProcStatusTests
{
    private const string Sample =
        "Name:\tsocat\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t812\nPid:\t812\nPPid:\t1\n"
        + "Uid:\t1001\t1002\t1001\t1002\nGid:\t100\t100\t100\t100\nFDSize:\t64\nGroups:\t24 25 990 \nNStgid:\t812\n";

    [Fact]
    public void Reads_the_effective_uid_and_the_supplementary_groups()
    {
        var status = ProcStatus.Parse(Sample);

        status.EffectiveUid.Should().Be(1002u);
        status.Groups.Should().Equal(24u, 25u, 990u);
    }

    [Fact]
    public void An_empty_groups_line_means_no_supplementary_groups()
    {
        ProcStatus.Parse("Uid:\t0\t0\t0\t0\nGroups:\t\n").Groups.Should().BeEmpty();
    }

    [Fact]
    public void Missing_lines_give_nulls()
    {
        var status = ProcStatus.Parse("Name:\tx\n");

        status.EffectiveUid.Should().BeNull();
        status.Groups.Should().BeNull();
    }

    [Fact]
    public void A_garbled_groups_line_is_not_trusted()
    {
        ProcStatus.Parse("Groups:\t24 x 990\n").Groups.Should().BeNull();
    }

    [Fact]
    public void Matches_this_processs_own_status()
    {
        var status = ProcStatus.Parse(File.ReadAllText("/proc/self/status"));

        status.EffectiveUid.Should().Be(Support.OwnIds.EffectiveUid());
        status.Groups.Should().Equal(Support.OwnIds.SupplementaryGroups());
    }
}
