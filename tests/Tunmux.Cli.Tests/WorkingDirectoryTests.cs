using System.CommandLine;
using Tunmux.Cli.Hosting;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Issue #9: tunmux run as root changes to "/" first, so paths given on the command line are made
/// absolute against the directory it was started in, as they are parsed: `apply -f ./x.yaml` still
/// means the x.yaml beside the person who typed it.
/// </summary>
public sealed class WorkingDirectoryTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Every option that names a file or folder on the host.</summary>
    private static readonly HashSet<string> PathOptions = new(StringComparer.Ordinal)
    {
        "--filename", "--state-dir", "--socket", "--manifests", "--config", "--totp-secret-file", "--kubeconfig",
        "--secrets-dir", "--credentials-file", "--ready-file", "--stats-file", "--state-file", "--log",
    };

    [Theory]
    [InlineData("x.yaml", "/home/ann/work/x.yaml")]
    [InlineData("./x.yaml", "/home/ann/work/x.yaml")]
    [InlineData("../exits/x.yaml", "/home/ann/exits/x.yaml")]
    [InlineData("/etc/tunmux/x.yaml", "/etc/tunmux/x.yaml")]
    [InlineData("exits", "/home/ann/work/exits")]
    public void A_path_from_the_command_line_means_what_it_meant_where_the_command_was_started(string given, string meant) =>
        WorkingDirectory.Resolve(given, "/home/ann/work").Should().Be(meant);

    [Fact]
    public void Path_options_come_out_of_the_parser_absolute_against_the_start_directory()
    {
        var root = CliApp.Build(_cli.Context);

        var apply = root.Parse(["apply", "-f", "./a.yaml", "-f", "b", "--state-dir", "state"]);
        var daemon = root.Parse(["daemon", "--socket", "run/ctl.sock", "--manifests", "gitops", "--config", "../tunmux.toml"]);

        apply.Errors.Should().BeEmpty();
        apply.GetValue<string[]>("--filename").Should().Equal(Path.Combine(WorkingDirectory.Start, "a.yaml"), Path.Combine(WorkingDirectory.Start, "b"));
        apply.GetValue<string?>("--state-dir").Should().Be(Path.Combine(WorkingDirectory.Start, "state"));
        daemon.Errors.Should().BeEmpty();
        daemon.GetValue<string?>("--socket").Should().Be(Path.Combine(WorkingDirectory.Start, "run", "ctl.sock"));
        daemon.GetValue<string?>("--manifests").Should().Be(Path.Combine(WorkingDirectory.Start, "gitops"));
        daemon.GetValue<string?>("--config").Should().Be(Path.GetFullPath(Path.Combine(WorkingDirectory.Start, "..", "tunmux.toml")));
    }

    [Fact]
    public void Every_option_that_names_a_file_or_folder_is_resolved_as_it_is_parsed()
    {
        var seen = new List<string>();
        foreach (var (command, option) in Options(CliApp.Build(_cli.Context)))
        {
            if (PathOptions.Contains(option.Name))
            {
                seen.Add(option.Name);
                option.GetType().GetProperty("CustomParser")!.GetValue(option).Should().NotBeNull($"{command} {option.Name} names a path: it must survive the change to /");
            }
        }

        seen.Should().Contain(["--filename", "--state-dir", "--socket", "--manifests", "--config", "--totp-secret-file", "--credentials-file"]);
    }

    private static IEnumerable<(string Command, Option Option)> Options(Command command, string path = "tunmux")
    {
        foreach (var option in command.Options)
        {
            yield return (path, option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var pair in Options(sub, $"{path} {sub.Name}"))
            {
                yield return pair;
            }
        }
    }
}
