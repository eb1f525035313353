using Tunmux.Lab;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_use_the_documented_prefixes_and_directory()
    {
        var options = TestOptions.Default(exits: 3);

        options.Problems().Should().BeEmpty();
        options.NamespacePrefix.Should().Be("tmuxlab_");
        options.InterfacePrefix.Should().Be("tmxl");
        options.Directory.Should().Be("/var/lib/tunmux/lab");
        options.HostNamespace.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(255)]
    public void An_exit_count_outside_the_address_plan_is_refused(int exits)
    {
        TestOptions.Default(exits).Problems().Should().ContainSingle().Which.Should().Contain("exits must be from 1 to 254");
    }

    [Fact]
    public void An_interface_prefix_that_would_make_names_longer_than_15_bytes_is_refused()
    {
        var fits = TestOptions.Default(exits: 254) with { InterfacePrefix = "abcdefghijk" };
        var tooLong = fits with { InterfacePrefix = "abcdefghijkl" };

        fits.Problems().Should().BeEmpty();
        tooLong.Problems().Should().ContainSingle().Which.Should().Contain("'abcdefghijklhost' exceeds 15 bytes");
    }

    [Fact]
    public void Every_problem_is_reported_together_and_ensure_valid_throws_with_all_of_them()
    {
        var options = new LabOptions(0, "bad prefix", "x/y", "relative/dir", [], "host ns");

        options.Problems().Should().HaveCount(6);
        var act = () => options.EnsureValid();
        act.Should().Throw<ArgumentException>().WithMessage("*exits*bad prefix*x/y*relative/dir*tunmux itself*host ns*");
    }
}
