using System.Net;
using Tunmux.Keeper;

namespace Tunmux.Cli.Tests;

/// <summary>The small keeper executable reads the command line the launcher builds, and nothing else.</summary>
public sealed class KeeperArgumentsTests
{
    [Fact]
    public void The_launchers_command_line_is_read_with_the_hook_after_the_separator()
    {
        var parsed = KeeperArguments.Parse(
            ["--tunnel", "alpha", "--state-file", "/run/tunmux/portforward/alpha.json", "--gateway", "10.2.0.1:5351", "--", "/usr/local/bin/hook", "--tunnel", "x"], out var problem);

        problem.Should().BeEmpty();
        parsed!.Tunnel.Should().Be("alpha");
        parsed.StateFile.Should().Be("/run/tunmux/portforward/alpha.json");
        parsed.Gateway.Should().Be(IPEndPoint.Parse("10.2.0.1:5351"));
        parsed.Hook.Should().Equal(["/usr/local/bin/hook", "--tunnel", "x"], "what follows -- is the hook's, even a word that looks like an option");
    }

    [Theory]
    [InlineData(new[] { "--tunnel", "alpha" }, "required")]
    [InlineData(new[] { "--tunnel", "alpha", "--state-file", "relative.json" }, "/ABSOLUTE/PATH")]
    [InlineData(new[] { "--tunnel", "alpha", "--state-file", "/x.json", "--gateway", "nowhere" }, "expected IP:PORT")]
    [InlineData(new[] { "--tunnel", "alpha", "--state-file", "/x.json", "--verbose", "1" }, "unknown option")]
    [InlineData(new[] { "--tunnel" }, "a value is missing")]
    public void Anything_else_is_refused_with_the_reason(string[] args, string why)
    {
        KeeperArguments.Parse(args, out var problem).Should().BeNull();
        problem.Should().Contain(why);
    }
}
