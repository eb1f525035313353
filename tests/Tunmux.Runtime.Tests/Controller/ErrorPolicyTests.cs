using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Tests.Controller;

public sealed class ErrorPolicyTests
{
    [Fact]
    public void Ready_forgets_the_failures_and_schedules_nothing() =>
        ErrorPolicy.Decide(new KeyOutcome.Ready(), 3).Should().Be(new ErrorPolicy.Decision(0, null));

    [Fact]
    public void An_invalid_spec_is_terminal_and_keeps_the_count() =>
        ErrorPolicy.Decide(new KeyOutcome.InvalidSpec([new ManifestError(new SourcePosition("x.yaml", 1, 1), "spec", "bad")]), 2).Should().Be(new ErrorPolicy.Decision(2, null));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    public void Failures_and_unavailable_providers_back_off_exponentially(int before, int seconds)
    {
        ErrorPolicy.Decide(new KeyOutcome.Failed("boom"), before).Should().Be(new ErrorPolicy.Decision(before + 1, TimeSpan.FromSeconds(seconds)));
        ErrorPolicy.Decide(new KeyOutcome.Unavailable("api down"), before).Should().Be(new ErrorPolicy.Decision(before + 1, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_requeue_is_not_a_failure() =>
        ErrorPolicy.Decide(new KeyOutcome.RequeueAfter(TimeSpan.FromSeconds(5), "look again"), 4).Should().Be(new ErrorPolicy.Decision(0, TimeSpan.FromSeconds(5)));

    /// <summary>Issue #9: a pass whose changes all succeeded while the host does not match yet asks for another look, not a backoff.</summary>
    [Fact]
    public void A_pass_that_ran_cleanly_but_left_changes_pending_comes_to_a_requeue()
    {
        var pending = new Core.Planning.CreateProxy(
            new Core.Model.DesiredProxy("a", "a", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1080), null, false), "worker still starting");
        var report = new KeyReport("a")
        {
            Plan = new Core.Planning.Plan([pending], []),
            Execution = new Execution.ExecutionReport([new Execution.ChangeOutcome(pending, null)]),
            Remaining = new Core.Planning.Plan([pending], []),
        };

        KeyOutcome.Of(report).Should().BeOfType<KeyOutcome.RequeueAfter>().Which.Delay.Should().Be(KeyOutcome.SettleRecheck);
        KeyOutcome.Of(report with { Remaining = new Core.Planning.Plan([], []) }).Should().BeOfType<KeyOutcome.Ready>();
        KeyOutcome.Of(report with { Execution = new Execution.ExecutionReport([new Execution.ChangeOutcome(pending, "boom")]) }).Should().BeOfType<KeyOutcome.Failed>();
    }
}
