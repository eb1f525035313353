using Tunmux.Lab.State;
using Tunmux.Linux.Commands;

namespace Tunmux.Lab.Tests;

/// <summary>Up and down against a recording runner: which commands run, and what is cleaned up when something fails.</summary>
public sealed class LabEnvironmentTests
{
    private static readonly CommandResult Ok = new(0, "", "");
    private static readonly CommandResult NotFound = new(1, "", "Cannot find device");

    private static LabOptions Options(TemporaryDirectory folder, string sub = "lab") =>
        TestOptions.InSandbox(exits: 1) with { Directory = Path.Combine(folder.Path, sub) };

    /// <summary>
    /// Creates the lab directory with a state file under the options' prefixes that records what
    /// <paramref name="record"/> adds, the state file itself first among its files; returns the state file's path.
    /// </summary>
    private static string SaveState(LabOptions options, Func<LabState, LabState> record)
    {
        Directory.CreateDirectory(options.Directory);
        var statePath = LabStateFile.PathIn(options.Directory);
        var recorded = record(new LabState { NamespacePrefix = options.NamespacePrefix, InterfacePrefix = options.InterfacePrefix });
        LabStateFile.Save(statePath, recorded with { Files = [statePath, .. recorded.Files] });
        return statePath;
    }

    [Fact]
    public async Task Down_removes_exactly_the_recorded_objects_in_reverse_order_and_then_the_files()
    {
        using var folder = new TemporaryDirectory();
        var options = Options(folder);
        var config = Path.Combine(options.Directory, "exit-1.conf");
        SaveState(options, state => state with
        {
            HostNamespace = "tmxsb1234",
            CreatedDirectory = true,
            Namespaces = ["tml1234_net", "tml1234_exit1"],
            HostLinks = ["w1234Lhost"],
            HostRoutes = [new LabRouteRecord("198.18.0.0/15", "198.19.0.2", "w1234Lhost")],
            Files = [config],
        });
        File.WriteAllText(config, "secret");
        var runner = new RecordingRunner(c => c.Argv.Contains("show") ? NotFound : Ok);

        await new LabEnvironment(runner).DownAsync(options, CancellationToken.None);

        runner.Lines.Should().Equal(
            "ip -n tmxsb1234 route del 198.18.0.0/15 via 198.19.0.2 dev w1234Lhost",
            "ip -n tmxsb1234 link del w1234Lhost",
            "ip -n tmxsb1234 link show w1234Lhost",
            "ip netns del tml1234_exit1",
            "ip netns list",
            "ip netns del tml1234_net",
            "ip netns list",
            // the sweep for objects no state file recorded
            "ip netns list",
            "ip -n tmxsb1234 link show w1234Lhost");
        Directory.Exists(options.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task Down_leaves_alone_a_recorded_process_whose_pid_now_belongs_to_someone_else()
    {
        using var folder = new TemporaryDirectory();
        var options = Options(folder);
        var statePath = SaveState(options, state => state with
        {
            Processes = [new LabProcessRecord("whoami", "tml1234_net", Environment.ProcessId, StartTime: 1)],
        });

        await new LabEnvironment(new RecordingRunner(c => c.Argv.Contains("show") ? NotFound : Ok)).DownAsync(options, CancellationToken.None);

        File.Exists(statePath).Should().BeFalse();
        Directory.Exists(options.Directory).Should().BeTrue("down did not create the directory, so it keeps it");
    }

    [Fact]
    public async Task Down_reports_a_namespace_that_is_still_there_afterwards_and_keeps_the_state_file()
    {
        using var folder = new TemporaryDirectory();
        var options = Options(folder);
        var statePath = SaveState(options, state => state with { Namespaces = ["tml1234_net"] });
        var runner = new RecordingRunner(c => string.Join(' ', c.Argv) switch
        {
            "ip netns list" => new CommandResult(0, "tml1234_net (id: 7)\n", ""),
            "ip netns del tml1234_net" => new CommandResult(1, "", "Device or resource busy"),
            _ => NotFound,
        });

        var act = () => new LabEnvironment(runner).DownAsync(options, CancellationToken.None);

        await act.Should().ThrowAsync<LabException>().WithMessage("*namespace tml1234_net is still there*");
        File.Exists(statePath).Should().BeTrue("the next down needs the record of what is left");
    }

    [Fact]
    public async Task Down_without_a_state_file_sweeps_namespaces_named_like_this_lab_and_kills_what_runs_in_them()
    {
        using var folder = new TemporaryDirectory();
        var options = Options(folder);
        var listed = "tml1234_exit3 (id: 4)\nsomeone_else\ntml1234_exitx\n";
        var runner = new RecordingRunner(c => string.Join(' ', c.Argv) switch
        {
            "ip netns list" => new CommandResult(0, listed, ""),
            "ip netns pids tml1234_exit3" => new CommandResult(0, "4242\n4343\n", ""),
            "ip netns del tml1234_exit3" => Remove(ref listed, "tml1234_exit3 (id: 4)\n"),
            _ => c.Argv.Contains("show") ? NotFound : Ok,
        });

        await new LabEnvironment(runner).DownAsync(options, CancellationToken.None);

        runner.Lines.Should().Equal(
            "ip netns list",
            "ip netns pids tml1234_exit3",
            "kill -KILL 4242",
            "kill -KILL 4343",
            "ip netns del tml1234_exit3",
            "ip netns list",
            "ip -n tmxsb1234 link show w1234Lhost");
    }

    [Fact]
    public async Task Up_that_fails_halfway_removes_what_it_made_and_reports_the_failing_command()
    {
        using var folder = new TemporaryDirectory();
        var options = Options(folder);
        var made = new HashSet<string>();
        var runner = new RecordingRunner(c =>
        {
            var line = string.Join(' ', c.Argv);
            if (line == "ip -n tmxsb1234 addr add 198.19.0.1/30 dev w1234Lhost")
            {
                return new CommandResult(2, "", "RTNETLINK answers: Permission denied");
            }

            if (line.StartsWith("ip netns add ", StringComparison.Ordinal))
            {
                made.Add(c.Argv[3]);
            }

            if (line.StartsWith("ip netns del ", StringComparison.Ordinal))
            {
                made.Remove(c.Argv[3]);
            }

            return line == "ip netns list" ? new CommandResult(0, string.Join('\n', made), "") : c.Argv.Contains("show") ? NotFound : Ok;
        });

        var act = () => new LabEnvironment(runner).UpAsync(options, CancellationToken.None);

        (await act.Should().ThrowAsync<HostCommandException>()).WithMessage("*addr add 198.19.0.1/30*Permission denied*");
        var lines = runner.Lines.ToList();
        lines.Should().ContainInOrder(
            "ip netns add tml1234_net",
            "ip -n tmxsb1234 link add w1234Lhost type veth peer name tohost netns tml1234_net",
            "ip -n tmxsb1234 addr add 198.19.0.1/30 dev w1234Lhost",
            "ip -n tmxsb1234 link del w1234Lhost",
            "ip netns del tml1234_net");
        lines.Should().NotContain(l => l.Contains("exit1", StringComparison.Ordinal));
        made.Should().BeEmpty();
        Directory.Exists(options.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_any_command_runs()
    {
        var runner = new RecordingRunner();
        var options = TestOptions.Default(exits: 0);

        var act = () => new LabEnvironment(runner).UpAsync(options, CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
        runner.Commands.Should().BeEmpty();
    }

    private static CommandResult Remove(ref string listed, string line)
    {
        listed = listed.Replace(line, "", StringComparison.Ordinal);
        return Ok;
    }
}
