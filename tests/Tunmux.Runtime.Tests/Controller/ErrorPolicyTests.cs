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
}
