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
}
