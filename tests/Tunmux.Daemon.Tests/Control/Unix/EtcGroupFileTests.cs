using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Tests.Control.Unix;

public sealed class EtcGroupFileTests
{
    private const string Sample =
        "root:x:0:\n# a comment\nusers:x:100:\nsudo:x:27:alice,bob\r\n+nisgroup::\nbroken-line\ntunmux:x:990:alice\nbad:x:notanumber:\n";

    [Theory]
    [InlineData("root", 0u)]
    [InlineData("users", 100u)]
    [InlineData("sudo", 27u)]
    [InlineData("tunmux", 990u)]
    public void Finds_the_gid_of_a_named_group(string name, uint gid)
    {
        EtcGroupFile.FindGid(Sample, name).Should().Be(gid);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("bad")]
    [InlineData("broken-line")]
    [InlineData("+nisgroup")]
    [InlineData("")]
    public void Unknown_or_unparseable_groups_give_null(string name)
    {
        EtcGroupFile.FindGid(Sample, name).Should().BeNull();
    }

    [Fact]
    public void Finds_the_name_of_a_gid()
    {
        EtcGroupFile.FindName(Sample, 990).Should().Be("tunmux");
        EtcGroupFile.FindName(Sample, 12345).Should().BeNull();
    }

    [Fact]
    public void Agrees_with_libc_on_this_hosts_etc_group()
    {
        var contents = File.ReadAllText("/etc/group");
        var names = contents.Split('\n').Where(l => l.Contains(':')).Select(l => l.Split(':')[0]).Take(10).ToList();

        names.Should().NotBeEmpty();
        foreach (var name in names)
        {
            EtcGroupFile.FindGid(contents, name).Should().Be(GroupDatabase.FindGid(name), $"group {name}");
        }
    }
}
