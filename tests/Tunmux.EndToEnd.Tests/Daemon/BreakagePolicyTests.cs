using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// How the chaos tests judge a breakage they ran inside an exit's namespace (no host needed).
/// A breaking program stopped by the daemon's repair (exit 143) did its work: it is not run
/// again, which would break the exit the daemon just rebuilt and read like a second rebuild.
/// </summary>
public sealed class BreakagePolicyTests
{
    [Fact]
    public async Task A_breakage_stopped_by_the_repair_is_done_and_not_run_again()
    {
        var runs = 0;

        var result = await Run.BreakageAsync(() =>
        {
            runs++;
            return Task.FromResult(new Run.Result(143, "", ""));
        });

        runs.Should().Be(1, "running it again would break the rebuilt exit a second time");
        result.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task A_missing_device_is_reported_not_retried()
    {
        var runs = 0;

        var result = await Run.BreakageAsync(() =>
        {
            runs++;
            return Task.FromResult(new Run.Result(1, "", "Cannot find device \"wg-x\"\n"));
        });

        runs.Should().Be(1, "the exit was not whole when the test broke it: that is the finding, not a reason to try again");
        result.ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task A_breakage_that_ran_to_its_end_is_returned_as_it_is()
    {
        var result = await Run.BreakageAsync(() => Task.FromResult(new Run.Result(0, "out", "")));

        result.Should().Be(new Run.Result(0, "out", ""));
    }
}
