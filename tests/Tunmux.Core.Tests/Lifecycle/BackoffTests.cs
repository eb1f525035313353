using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class BackoffTests
{
    private static readonly Backoff NoJitter = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterRatio: 0);

    [Fact]
    public void No_failures_means_no_delay()
    {
        NoJitter.DelayAfter(0).Should().Be(TimeSpan.Zero);
        Backoff.Default.DelayAfter(0).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Delays_double_with_each_failure()
    {
        var delays = Enumerable.Range(1, 6).Select(n => NoJitter.DelayAfter(n).TotalSeconds);

        delays.Should().Equal(1, 2, 4, 8, 16, 32);
    }

    [Fact]
    public void Delays_stop_growing_at_the_cap()
    {
        NoJitter.DelayAfter(7).Should().Be(TimeSpan.FromSeconds(60));
        NoJitter.DelayAfter(30).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_very_long_run_of_failures_saturates_instead_of_overflowing()
    {
        NoJitter.DelayAfter(int.MaxValue).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void The_multiplier_is_configurable()
    {
        var triple = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), multiplier: 3, jitterRatio: 0);

        Enumerable.Range(1, 4).Select(n => triple.DelayAfter(n).TotalSeconds).Should().Equal(1, 3, 9, 27);
    }

    [Theory]
    [InlineData("")]
    [InlineData("exit-a")]
    [InlineData("exit-b")]
    public void Jitter_only_shortens_a_delay_and_by_at_most_its_ratio(string seed)
    {
        var jittered = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterRatio: 0.25, jitterSeed: seed);

        for (var failures = 1; failures <= 40; failures++)
        {
            var nominal = NoJitter.DelayAfter(failures);
            jittered.DelayAfter(failures).Should().BeLessThanOrEqualTo(nominal)
                .And.BeGreaterThanOrEqualTo(nominal * 0.75, "failure {0} with seed '{1}'", failures, seed);
        }
    }

    [Fact]
    public void Jitter_is_the_same_for_the_same_seed_and_attempt()
    {
        var first = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterSeed: "exit-a");
        var again = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterSeed: "exit-a");

        Enumerable.Range(1, 10).Select(first.DelayAfter).Should().Equal(Enumerable.Range(1, 10).Select(again.DelayAfter));
    }

    [Fact]
    public void Different_seeds_spread_their_retries_apart()
    {
        var a = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterSeed: "exit-a");
        var b = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitterSeed: "exit-b");

        Enumerable.Range(1, 10).Select(a.DelayAfter).Should().NotEqual(Enumerable.Range(1, 10).Select(b.DelayAfter));
    }

    [Fact]
    public void The_next_retry_is_the_delay_after_now()
    {
        NoJitter.NextRetryAt(3, Clock.T(100)).Should().Be(Clock.T(104));
    }

    [Fact]
    public void The_context_for_a_tunnel_seeds_the_jitter_with_its_name()
    {
        var tunnel = Planning.Builders.Tunnel("exit-a");

        var context = LifecycleContext.For(tunnel, LifecyclePolicy.Default);

        context.Policy.BuildBackoff.JitterSeed.Should().Be("exit-a");
        context.PeerCount.Should().Be(1);
    }

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        FluentActions.Invoking(() => new Backoff(TimeSpan.Zero, TimeSpan.FromSeconds(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), multiplier: 0.5))
            .Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), jitterRatio: 1))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
