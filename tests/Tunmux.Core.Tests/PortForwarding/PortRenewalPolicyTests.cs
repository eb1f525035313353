using Tunmux.Core.PortForwarding;

namespace Tunmux.Core.Tests.PortForwarding;

/// <summary>Issue #5: when a port keeper renews, retries and runs its hook. Instants are fixed: no real clock.</summary>
public sealed class PortRenewalPolicyTests
{
    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PortRenewalPolicy Policy = PortRenewalPolicy.For("lab-1");

    private static DateTimeOffset T(double seconds) => Origin.AddSeconds(seconds);

    private static PortMapping Proton(int port) => new(port, TimeSpan.FromSeconds(60));

    [Fact]
    public void A_new_keeper_asks_at_once_and_forwards_nothing_yet()
    {
        var state = PortRenewalPolicy.Start("lab-1", T(0));

        state.NextAttemptAt.Should().Be(T(0));
        state.Port.Should().BeNull();
        state.IsForwarding(T(0)).Should().BeFalse();
    }

    [Fact]
    public void Protons_sixty_second_mapping_is_renewed_every_forty_five_seconds()
    {
        var first = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0)).State;
        var second = Policy.Mapped(first, Proton(41000), T(45)).State;

        first.NextAttemptAt.Should().Be(T(45));
        first.ExpiresAt.Should().Be(T(60));
        second.NextAttemptAt.Should().Be(T(90));
        second.ExpiresAt.Should().Be(T(105));
        second.RenewedAt.Should().Be(T(45));
        second.IsForwarding(T(104)).Should().BeTrue();
        second.IsForwarding(T(105)).Should().BeFalse("a mapping that was not renewed lapses");
    }

    [Theory]
    [InlineData(20, 15)]
    [InlineData(4, 3)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    public void A_shorter_lifetime_is_renewed_at_three_quarters_but_never_more_often_than_each_second(int lifetime, double renewAfter)
    {
        var state = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), new PortMapping(41000, TimeSpan.FromSeconds(lifetime)), T(0)).State;

        state.NextAttemptAt.Should().Be(T(renewAfter));
    }

    [Fact]
    public void The_first_mapping_asks_for_the_hook_with_no_previous_port()
    {
        var step = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0));

        step.Hook.Should().Be(new PortChange("lab-1", 41000, null));
        step.State.Port.Should().Be(41000);
        step.State.PreviousPort.Should().BeNull();
    }

    [Fact]
    public void A_renewal_with_the_same_port_runs_no_hook()
    {
        var mapped = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0));
        var handled = PortRenewalPolicy.HookRan(mapped.State, mapped.Hook!, null, T(1));

        Policy.Mapped(handled, Proton(41000), T(45)).Hook.Should().BeNull();
    }

    [Fact]
    public void A_changed_port_asks_for_the_hook_with_the_port_it_handled_before()
    {
        var mapped = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0));
        var handled = PortRenewalPolicy.HookRan(mapped.State, mapped.Hook!, null, T(1));

        var changed = Policy.Mapped(handled, Proton(52000), T(45));

        changed.Hook.Should().Be(new PortChange("lab-1", 52000, 41000));
        changed.State.Port.Should().Be(52000);
        changed.State.PreviousPort.Should().Be(41000);
    }

    [Fact]
    public void A_failed_hook_runs_again_at_the_next_renewal_until_it_succeeds()
    {
        var mapped = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0));
        var failed = PortRenewalPolicy.HookRan(mapped.State, mapped.Hook!, "exited with code 3", T(1));

        failed.HookError.Should().Be("exited with code 3");
        failed.HookedPort.Should().BeNull();
        var again = Policy.Mapped(failed, Proton(41000), T(45));
        again.Hook.Should().Be(new PortChange("lab-1", 41000, null));

        var fixedState = PortRenewalPolicy.HookRan(again.State, again.Hook!, null, T(46));
        fixedState.HookError.Should().BeNull();
        fixedState.HookedPort.Should().Be(41000);
    }

    [Fact]
    public void Failed_rounds_back_off_and_keep_the_port_until_its_mapping_expires()
    {
        var mapped = Policy.Mapped(PortRenewalPolicy.Start("lab-1", T(0)), Proton(41000), T(0)).State;

        var once = Policy.Failed(mapped, "no answer", T(45));
        var twice = Policy.Failed(once, "no answer", T(47));

        once.Failures.Should().Be(1);
        once.LastError.Should().Be("no answer");
        once.NextAttemptAt.Should().Be(T(45) + Policy.Retry.DelayAfter(1));
        twice.NextAttemptAt.Should().Be(T(47) + Policy.Retry.DelayAfter(2));
        Policy.Retry.DelayAfter(2).Should().BeGreaterThan(Policy.Retry.DelayAfter(1));
        twice.Port.Should().Be(41000);
        twice.IsForwarding(T(59)).Should().BeTrue();
        twice.IsForwarding(T(60)).Should().BeFalse();
    }

    [Fact]
    public void Retries_stay_within_thirty_seconds_however_long_the_gateway_is_silent()
    {
        Enumerable.Range(1, 20).Select(Policy.Retry.DelayAfter).Should().OnlyContain(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_success_after_failures_clears_them()
    {
        var failing = Policy.Failed(Policy.Failed(PortRenewalPolicy.Start("lab-1", T(0)), "refused: NotAuthorized", T(0)), "again", T(2));

        var mapped = Policy.Mapped(failing, Proton(41000), T(6)).State;

        mapped.Failures.Should().Be(0);
        mapped.LastError.Should().BeNull();
        mapped.NextAttemptAt.Should().Be(T(51));
    }

    [Fact]
    public void Different_tunnels_retry_out_of_step()
    {
        var a = PortRenewalPolicy.For("a").Retry;
        var b = PortRenewalPolicy.For("b").Retry;

        Enumerable.Range(1, 5).Select(a.DelayAfter).Should().NotEqual(Enumerable.Range(1, 5).Select(b.DelayAfter));
    }
}
