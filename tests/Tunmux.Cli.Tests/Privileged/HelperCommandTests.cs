using Tunmux.Cli.Privileged;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Tests.Privileged;

/// <summary>The helper's command lines and the sudoers lines the README shows for them.</summary>
public sealed class HelperCommandTests
{
    private static readonly string[] Self = ["/usr/local/bin/tunmux"];

    [Fact]
    public void The_README_shows_exactly_the_sudoers_lines_for_the_helpers_command_lines()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var block = readme[(readme.IndexOf("```sudoers\n", StringComparison.Ordinal) + "```sudoers\n".Length)..];
        var shown = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);

        shown.Should().Equal(HelperCommand.SudoersLines("%tunmux", Self, "tunmux", TimeSpan.FromMilliseconds(30_000)));
    }

    [Fact]
    public void Every_sudoers_line_is_one_of_the_command_lines_the_CLI_runs()
    {
        var lines = HelperCommand.SudoersLines("alice", Self, "alice", TimeSpan.FromSeconds(15));
        string[][] runs =
        [
            [.. HelperCommand.Background(Self, "alice", AutostopMode.Never, TimeSpan.FromSeconds(15)).Skip(2)],
            [.. HelperCommand.Background(Self, "alice", AutostopMode.Command, TimeSpan.FromSeconds(15)).Skip(2)],
            [.. HelperCommand.Background(Self, "alice", AutostopMode.Timeout, TimeSpan.FromSeconds(15)).Skip(2)],
            [.. HelperCommand.Stdio(Self, "alice").Skip(1)],
        ];

        lines.Select(l => l.Split(": ", 2)[1].Replace("\\=", "=", StringComparison.Ordinal))
            .Should().Equal(runs.Select(argv => string.Join(' ', argv)));
    }

    [Fact]
    public void The_stdio_helper_runs_in_the_foreground_without_autostop()
    {
        HelperCommand.Stdio(Self, "alice").Should().Equal("-n", "/usr/local/bin/tunmux", "daemon", "--autostarted", "--group", "alice", "--stdio");
    }

    [Fact]
    public void Characters_sudoers_treats_specially_in_arguments_are_escaped()
    {
        HelperCommand.SudoersLines("bob", ["/opt/my tunmux/tunmux"], "g", TimeSpan.FromSeconds(1))[0]
            .Should().Be("bob ALL=(root) NOPASSWD: /opt/my\\ tunmux/tunmux daemon --autostarted --group g");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "tunmux.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
