using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>Issue #4: the failure threshold turns failures in a row into one failed ProbeResult; passes are told only when they are news.</summary>
public sealed class ProbeStreakTests
{
    private static readonly ProbeSettings Settings = new(
        new ProbeTarget.Tcp(new ProbeHost("198.19.255.1", 80)), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), FailureThreshold: 3);

    private static readonly ProbeOutcome Timeout = ProbeOutcome.Failed("no answer within 5 s");

    private static readonly ProbeOutcome Connected = ProbeOutcome.Passed("connected");

    [Fact]
    public void Failures_below_the_threshold_are_not_reported()
    {
        var streak = ProbeStreak.None;
        for (var i = 1; i < Settings.FailureThreshold; i++)
        {
            (streak, var report) = streak.Record(Timeout, Settings, passesMatter: false, Clock.T(i));
            report.Should().BeNull();
            streak.Failures.Should().Be(i);
        }
    }

    [Fact]
    public void The_failure_that_reaches_the_threshold_is_reported_with_the_target_and_the_error()
    {
        var streak = new ProbeStreak(2);

        var (next, report) = streak.Record(Timeout, Settings, passesMatter: false, Clock.T(9));

        next.Failures.Should().Be(3);
        report.Should().Be(new TunnelEvent.ProbeResult(false, "tcp 198.19.255.1:80: no answer within 5 s (3 in a row)", Clock.T(9)));
    }

    [Fact]
    public void Failures_past_the_threshold_keep_the_same_message_so_the_cause_does_not_churn()
    {
        var (_, third) = new ProbeStreak(2).Record(Timeout, Settings, false, Clock.T(1));
        var (_, tenth) = new ProbeStreak(9).Record(Timeout, Settings, false, Clock.T(2));

        tenth!.Detail.Should().Be(third!.Detail);
    }

    [Fact]
    public void A_pass_resets_the_count_so_failures_must_be_in_a_row()
    {
        var (afterPass, _) = new ProbeStreak(2).Record(Connected, Settings, false, Clock.T(1));
        var (afterFailure, report) = afterPass.Record(Timeout, Settings, false, Clock.T(2));

        afterPass.Should().Be(ProbeStreak.None);
        afterFailure.Failures.Should().Be(1);
        report.Should().BeNull();
    }

    [Fact]
    public void A_pass_of_a_healthy_tunnel_is_not_news()
    {
        ProbeStreak.None.Record(Connected, Settings, passesMatter: false, Clock.T(1)).Report.Should().BeNull();
        new ProbeStreak(1).Record(Connected, Settings, passesMatter: false, Clock.T(1)).Report.Should().BeNull("the failure was never reported");
    }

    [Fact]
    public void A_pass_after_reported_failures_or_while_recovering_is_reported()
    {
        new ProbeStreak(3).Record(Connected, Settings, passesMatter: false, Clock.T(1)).Report
            .Should().Be(new TunnelEvent.ProbeResult(true, "tcp 198.19.255.1:80: connected", Clock.T(1)));
        ProbeStreak.None.Record(Connected, Settings, passesMatter: true, Clock.T(2)).Report!.Ok.Should().BeTrue();
    }

    [Fact]
    public void A_threshold_of_one_reports_the_first_failure()
    {
        ProbeStreak.None.Record(Timeout, Settings with { FailureThreshold = 1 }, false, Clock.T(1)).Report!.Ok.Should().BeFalse();
    }

    [Fact]
    public void The_count_saturates()
    {
        new ProbeStreak(int.MaxValue).Record(Timeout, Settings, false, Clock.T(1)).Next.Failures.Should().Be(int.MaxValue);
    }
}
