using Tunmux.Cli.Daemon.Direct;

namespace Tunmux.Cli.Tests.Daemon;

public sealed class DirectPassCadenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_tick_always_runs_a_pass()
    {
        new DirectPassCadence(Idle).Due(directDeclared: false, T0).Should().BeTrue();
    }

    [Fact]
    public void After_an_idle_pass_ticks_are_skipped_until_the_idle_interval_went_by()
    {
        var cadence = new DirectPassCadence(Idle);
        cadence.Ran(idle: true, T0);

        cadence.Due(directDeclared: false, T0 + TimeSpan.FromSeconds(5)).Should().BeFalse();
        cadence.Due(directDeclared: false, T0 + TimeSpan.FromSeconds(25)).Should().BeFalse();
        cadence.Due(directDeclared: false, T0 + Idle).Should().BeTrue();
    }

    [Fact]
    public void A_declared_direct_tunnel_makes_every_tick_run()
    {
        var cadence = new DirectPassCadence(Idle);
        cadence.Ran(idle: true, T0);

        cadence.Due(directDeclared: true, T0 + TimeSpan.FromSeconds(5)).Should().BeTrue();
    }

    [Fact]
    public void A_pass_that_left_something_in_force_keeps_every_tick()
    {
        var cadence = new DirectPassCadence(Idle);
        cadence.Ran(idle: true, T0);
        cadence.Ran(idle: false, T0 + TimeSpan.FromSeconds(1));

        cadence.Due(directDeclared: false, T0 + TimeSpan.FromSeconds(5)).Should().BeTrue();
    }
}
