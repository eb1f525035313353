using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class TunnelHealthTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(180);

    [Theory]
    [InlineData(0)]
    [InlineData(179)]
    [InlineData(180)]
    public void A_handshake_at_most_the_max_age_old_is_healthy(int age)
    {
        var verdict = TunnelHealth.Assess(Facts.Up(Clock.T(0)), Clock.T(age), MaxAge, window: null);

        verdict.Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public void A_handshake_older_than_the_max_age_is_stale_and_says_how_old()
    {
        var verdict = TunnelHealth.Assess(Facts.Up(Clock.T(0)), Clock.T(181), MaxAge, window: null);

        verdict.Status.Should().Be(HealthStatus.Unhealthy);
        verdict.Cause.Reason.Should().Be(LifecycleReasons.HandshakeStale);
        verdict.Cause.Message.Should().Contain("181 s ago").And.Contain("180 s");
    }

    [Fact]
    public void The_max_age_is_configurable()
    {
        var verdict = TunnelHealth.Assess(Facts.Up(Clock.T(0)), Clock.T(61), TimeSpan.FromSeconds(60), window: null);

        verdict.Status.Should().Be(HealthStatus.Unhealthy);
    }

    [Fact]
    public void A_tunnel_that_never_handshaked_waits_inside_its_grace_period()
    {
        var window = HandshakeWindow.Starting(Clock.T(0), TimeSpan.FromSeconds(30));

        var verdict = TunnelHealth.Assess(Facts.NeverHandshaked, Clock.T(29), MaxAge, window);

        verdict.Status.Should().Be(HealthStatus.Waiting);
        verdict.Cause.Reason.Should().Be(LifecycleReasons.AwaitingHandshake);
    }

    [Fact]
    public void A_tunnel_that_never_handshaked_is_unhealthy_once_its_grace_period_ends()
    {
        var window = HandshakeWindow.Starting(Clock.T(0), TimeSpan.FromSeconds(30));

        var verdict = TunnelHealth.Assess(Facts.NeverHandshaked, Clock.T(30), MaxAge, window);

        verdict.Status.Should().Be(HealthStatus.Unhealthy);
        verdict.Cause.Reason.Should().Be(LifecycleReasons.NoHandshake);
        verdict.Cause.Message.Should().Contain("30 s");
    }

    [Fact]
    public void An_old_handshake_inside_a_grace_period_means_wait_not_unhealthy()
    {
        var window = HandshakeWindow.Starting(Clock.T(500), TimeSpan.FromSeconds(30));

        var verdict = TunnelHealth.Assess(Facts.Up(Clock.T(0)), Clock.T(510), MaxAge, window);

        verdict.Status.Should().Be(HealthStatus.Waiting);
    }

    [Fact]
    public void Missing_parts_make_the_tunnel_broken_whatever_its_handshake()
    {
        var verdict = TunnelHealth.Assess(Facts.NoRoute(Clock.T(0)), Clock.T(1), MaxAge, window: null);

        verdict.Status.Should().Be(HealthStatus.Broken);
        verdict.Cause.Should().Be(new Cause(LifecycleReasons.TunnelBroken, "default route is missing"));
    }

    [Fact]
    public void A_never_handshaked_tunnel_outside_any_grace_period_is_unhealthy()
    {
        var verdict = TunnelHealth.Assess(Facts.NeverHandshaked, Clock.T(0), MaxAge, window: null);

        verdict.Status.Should().Be(HealthStatus.Unhealthy);
        verdict.Cause.Reason.Should().Be(LifecycleReasons.NoHandshake);
    }
}
