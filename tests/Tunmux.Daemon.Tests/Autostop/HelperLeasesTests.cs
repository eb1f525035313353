using Tunmux.Core.State;
using Tunmux.Daemon.Autostop;
using Tunmux.Runtime.Settings.Config;
using Tunmux.Testing;

namespace Tunmux.Daemon.Tests.Autostop;

/// <summary>When an autostarted helper stops by itself, per autostop mode.</summary>
public sealed class HelperLeasesTests
{
    private static readonly ProcessRef Alice = new(4242, 100);
    private static readonly ProcessRef Bob = new(4343, 200);

    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly HashSet<ProcessRef> _alive = [Alice, Bob];

    private HelperLeases Leases(AutostopMode mode) => new(mode, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _clock);

    private bool IsAlive(ProcessRef process) => _alive.Contains(process);

    [Fact]
    public void Never_stops_on_its_own()
    {
        var leases = Leases(AutostopMode.Never);
        _clock.Advance(TimeSpan.FromDays(1));

        leases.ShouldStop(IsAlive).Should().BeFalse();
    }

    [Fact]
    public void Timeout_stops_after_the_idle_time_and_a_request_starts_it_over()
    {
        var leases = Leases(AutostopMode.Timeout);
        _clock.Advance(TimeSpan.FromSeconds(29));
        leases.ShouldStop(IsAlive).Should().BeFalse();

        leases.Touch();
        _clock.Advance(TimeSpan.FromSeconds(29));
        leases.ShouldStop(IsAlive).Should().BeFalse();

        _clock.Advance(TimeSpan.FromSeconds(1));
        leases.ShouldStop(IsAlive).Should().BeTrue();
    }

    [Fact]
    public void Command_stops_when_the_last_lease_is_released()
    {
        var leases = Leases(AutostopMode.Command);
        leases.Acquire(Alice);
        leases.Acquire(Bob);

        leases.Release(Alice);
        leases.ShouldStop(IsAlive).Should().BeFalse();

        leases.Release(Bob);
        leases.ShouldStop(IsAlive).Should().BeTrue();
    }

    [Fact]
    public void Command_ends_the_lease_of_a_process_that_died_without_releasing()
    {
        var leases = Leases(AutostopMode.Command);
        leases.Acquire(Alice);
        leases.ShouldStop(IsAlive).Should().BeFalse();

        _alive.Remove(Alice);

        leases.ShouldStop(IsAlive).Should().BeTrue();
    }

    [Fact]
    public void Command_waits_for_a_first_lease_only_as_long_as_the_grace()
    {
        var leases = Leases(AutostopMode.Command);
        _clock.Advance(TimeSpan.FromSeconds(9));
        leases.ShouldStop(IsAlive).Should().BeFalse();

        _clock.Advance(TimeSpan.FromSeconds(1));
        leases.ShouldStop(IsAlive).Should().BeTrue();
    }

    [Fact]
    public void Command_does_not_care_about_idle_time_while_a_lease_is_held()
    {
        var leases = Leases(AutostopMode.Command);
        leases.Acquire(Alice);
        _clock.Advance(TimeSpan.FromHours(2));

        leases.ShouldStop(IsAlive).Should().BeFalse();
    }
}
