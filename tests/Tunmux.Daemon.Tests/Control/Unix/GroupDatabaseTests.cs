using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Tests.Control.Unix;

public sealed class GroupDatabaseTests
{
    [Fact]
    public void The_root_group_is_gid_0_both_ways()
    {
        GroupDatabase.FindGid("root").Should().Be(0u);
        GroupDatabase.FindName(0).Should().Be("root");
    }

    [Fact]
    public void A_group_that_does_not_exist_gives_null()
    {
        GroupDatabase.FindGid("tmx-no-such-group").Should().BeNull();
        GroupDatabase.FindName(3_999_999_321).Should().BeNull();
    }

    [Fact]
    public void The_user_database_names_uid_0_root()
    {
        UserDatabase.FindName(0).Should().Be("root");
        UserDatabase.FindName(3_999_999_123).Should().BeNull();
    }
}
