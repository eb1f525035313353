using System.Diagnostics;
using System.Globalization;
using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Tests.Commands;

/// <summary>Runs harmless local programs (sh, cat) to check how results come back.</summary>
public sealed class ProcessCommandRunnerTests
{
    [Fact]
    public async Task Standard_input_reaches_the_program_and_its_output_comes_back()
    {
        var result = await new ProcessCommandRunner().RunAsync(new HostCommand(["cat"], "line one\nline two\n", InputIsSecret: true), CancellationToken.None);

        result.Should().Be(new CommandResult(0, "line one\nline two\n", ""));
    }

    [Fact]
    public async Task A_failing_program_gives_its_exit_code_and_error_output_without_throwing()
    {
        var result = await new ProcessCommandRunner().RunAsync(HostCommand.Of("sh", "-c", "echo nope >&2; exit 3"), CancellationToken.None);

        result.ExitCode.Should().Be(3);
        result.StandardError.Should().Be("nope\n");
    }

    [Fact]
    public async Task A_program_that_exits_without_reading_its_input_still_gives_its_result()
    {
        var input = new string('x', 4 * 1024 * 1024);

        var result = await new ProcessCommandRunner().RunAsync(new HostCommand(["sh", "-c", "echo refused >&2; exit 4"], input), CancellationToken.None);

        result.ExitCode.Should().Be(4);
        result.StandardError.Should().Be("refused\n");
    }

    [Fact]
    public async Task A_missing_program_is_reported_as_exit_code_127()
    {
        var result = await new ProcessCommandRunner().RunAsync(HostCommand.Of("/nonexistent/tunmux-no-such-tool"), CancellationToken.None);

        result.ExitCode.Should().Be(127);
        result.StandardError.Should().Contain("/nonexistent/tunmux-no-such-tool");
    }

    [Fact]
    public async Task A_program_that_outlives_the_time_limit_is_killed()
    {
        var result = await new ProcessCommandRunner(TimeSpan.FromMilliseconds(300)).RunAsync(HostCommand.Of("sleep", "30"), CancellationToken.None);

        result.ExitCode.Should().Be(124);
        result.StandardError.Should().Contain("timed out");
    }

    [Fact]
    public async Task Checked_runs_throw_with_the_command_and_its_error()
    {
        var act = () => new ProcessCommandRunner().RunCheckedAsync(HostCommand.Of("sh", "-c", "echo broken >&2; exit 1"), CancellationToken.None);

        await act.Should().ThrowAsync<HostCommandException>().WithMessage("`sh -c 'echo broken >&2; exit 1'` failed with exit code 1: broken");
    }

    [Fact]
    public async Task The_programs_output_pipes_are_closed_when_its_result_comes_back()
    {
        // The program names its own output and error pipes (pipe:[inode]); once the result is
        // back, no descriptor of this process may still point at either (the GC must not be
        // what closes them: a quiet daemon collects rarely and gathered them by the hundred).
        var result = await new ProcessCommandRunner().RunAsync(HostCommand.Of("sh", "-c", "readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2"), CancellationToken.None);

        var pipes = new[] { result.StandardOutput.Trim(), result.StandardError.Trim() };
        pipes.Should().AllSatisfy(pipe => pipe.Should().StartWith("pipe:["));
        OpenDescriptorTargets().Should().NotContain(pipes);
    }

    [Fact]
    public async Task A_killed_programs_pipes_are_closed_too_even_when_an_escaped_grandchild_still_holds_them()
    {
        // The grandchild leaves the process tree (double fork + setsid), so the kill misses it and
        // it keeps both pipes open: our read ends must be closed anyway.
        var notes = Path.Combine(Path.GetTempPath(), $"tunmux-pipes-{Guid.NewGuid():N}");
        var grandchild = 0;
        try
        {
            var result = await new ProcessCommandRunner(TimeSpan.FromSeconds(3)).RunAsync(HostCommand.Of(
                "sh", "-c", $"(setsid sleep 60 & echo $! > {notes}.pid); p=$(readlink /proc/$$/fd/1); echo $p > {notes}; exec sleep 60"),
                CancellationToken.None);
            grandchild = int.Parse(File.ReadAllText(notes + ".pid").Trim(), CultureInfo.InvariantCulture);

            result.ExitCode.Should().Be(124);
            var pipe = File.ReadAllText(notes).Trim();
            pipe.Should().StartWith("pipe:[");
            new FileInfo($"/proc/{grandchild}/fd/1").LinkTarget.Should().Be(pipe, "the grandchild still holds the pipe");
            await WaitUntilAsync(() => !OpenDescriptorTargets().Contains(pipe));
            OpenDescriptorTargets().Should().NotContain(pipe);
        }
        finally
        {
            if (grandchild > 0)
            {
                Process.GetProcessById(grandchild).Kill();
            }

            File.Delete(notes);
            File.Delete(notes + ".pid");
        }
    }

    /// <summary>The handle's reference count may release the descriptor a moment after the dispose.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static List<string> OpenDescriptorTargets() =>
        [.. Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget).OfType<string>()];
}
