using Tunmux.Core.Model;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;
using Tunmux.Linux.PortForward;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.PortForward;

/// <summary>Issue #5: the port keeper is started in the tunnel's namespace, waited for, reported on and stopped like a proxy worker.</summary>
public sealed class StartPortKeeperTests : IDisposable
{
    private readonly DriverFixture _fixture = new();
    private readonly TunnelRecord _tunnel = new("alpha", "tunmux_alpha", "wg-alpha", BackendKind.Userspace, "hash", null, DateTimeOffset.UnixEpoch);
    private readonly DesiredPortForward _keeper = new("alpha", ["/usr/local/bin/port-changed", "--flag", "-x"]);

    public StartPortKeeperTests()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        _fixture.Launcher.OnStart = started => PortForwardStateFile.Write(StateFileOf(started), PortRenewalPolicy.Start("alpha", DateTimeOffset.UnixEpoch));
    }

    public void Dispose() => _fixture.Dispose();

    private string KeeperDir => Path.Combine(_fixture.Host.RunDir, "portforward");

    private static string StateFileOf(FakeProcessLauncher.StartedProcess started) =>
        started.Argv[started.Argv.ToList().IndexOf("--state-file") + 1];

    [Fact]
    public async Task The_keeper_runs_tunmux_itself_inside_the_tunnel_namespace_with_the_hook_after_a_separator()
    {
        await _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        var started = _fixture.Launcher.Started.Should().ContainSingle().Subject;
        started.Argv.Should().Equal(
            "/usr/local/bin/tunmux", "port-forward", "worker",
            "--tunnel", "alpha",
            "--state-file", Path.Combine(KeeperDir, "alpha.json"),
            "--", "/usr/local/bin/port-changed", "--flag", "-x");
        started.InNamespace.Should().Be("tunmux_alpha", "the NAT-PMP gateway is reached through the tunnel");
        started.LogFile.Should().Be(Path.Combine(KeeperDir, "alpha.log"));
    }

    [Fact]
    public async Task With_the_small_keeper_executable_it_runs_instead_of_tunmux_and_the_orphan_sweep_knows_it_by_name()
    {
        using var fixture = new DriverFixture();
        fixture.Host.AddNamespace("tunmux_alpha");
        fixture.Launcher.OnStart = _fixture.Launcher.OnStart;
        var driver = new LinuxExitDriver(fixture.Options with { PortKeeperCommand = ["/usr/local/bin/tunmux-port-keeper"] }, fixture.Runner, fixture.Launcher, null, fixture.Time);

        await driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        var argv = fixture.Launcher.Started.Single().Argv;
        argv.Should().Equal(
            "/usr/local/bin/tunmux-port-keeper",
            "--tunnel", "alpha",
            "--state-file", Path.Combine(fixture.Host.RunDir, "portforward", "alpha.json"),
            "--", "/usr/local/bin/port-changed", "--flag", "-x");
        Tunmux.Linux.Processes.OrphanProcesses.IsPortKeeperFor(argv, Path.Combine(fixture.Host.RunDir, "portforward", "alpha.json")).Should().BeTrue();
        Tunmux.Linux.Processes.OrphanProcesses.IsPortKeeperFor(["/usr/bin/dotnet", "/opt/tunmux/tunmux-port-keeper.dll", "--state-file", "/run/x.json"], "/run/x.json").Should().BeTrue();
        Tunmux.Linux.Processes.OrphanProcesses.IsPortKeeperFor(["/usr/bin/other-keeper", "--state-file", "/run/x.json"], "/run/x.json").Should().BeFalse("not tunmux's");
        Tunmux.Linux.Processes.OrphanProcesses.IsPortKeeperFor(argv, "/run/other.json").Should().BeFalse("another tunnel's keeper");
    }

    [Fact]
    public async Task A_configured_gateway_is_passed_and_no_hook_means_no_separator()
    {
        using var fixture = new DriverFixture();
        fixture.Host.AddNamespace("tunmux_alpha");
        fixture.Launcher.OnStart = _fixture.Launcher.OnStart;
        var driver = new LinuxExitDriver(fixture.Options with { PortForwardGateway = "10.66.1.1:5351" }, fixture.Runner, fixture.Launcher, null, fixture.Time);

        await driver.StartPortForwardAsync(_keeper with { Hook = [] }, _tunnel, CancellationToken.None);

        fixture.Launcher.Started.Single().Argv.Should().EndWith(["--gateway", "10.66.1.1:5351"]).And.NotContain("--");
    }

    [Fact]
    public async Task The_record_names_the_process_and_its_state_file_which_the_driver_reads()
    {
        var record = await _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        record.Should().Be(new PortForwardRecord("alpha", _keeper.SpecHash, _fixture.Launcher.Started.Single().Process,
            Path.Combine(KeeperDir, "alpha.json"), _fixture.Time.GetUtcNow()));
        PortForwardStateFile.Write(record.StateFile, new ForwardedPortState { Tunnel = "alpha", Port = 41000 });
        _fixture.Driver.ReadPortForward(record)!.Port.Should().Be(41000);
    }

    [Fact]
    public async Task A_state_file_left_by_an_earlier_keeper_does_not_count()
    {
        Directory.CreateDirectory(KeeperDir);
        PortForwardStateFile.Write(Path.Combine(KeeperDir, "alpha.json"), new ForwardedPortState { Tunnel = "alpha", Port = 1 });
        bool? staleFileAtStart = null;
        _fixture.Launcher.OnStart = started =>
        {
            staleFileAtStart = File.Exists(StateFileOf(started));
            PortForwardStateFile.Write(StateFileOf(started), PortRenewalPolicy.Start("alpha", DateTimeOffset.UnixEpoch));
        };

        await _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        staleFileAtStart.Should().BeFalse();
    }

    [Fact]
    public async Task A_keeper_that_dies_at_once_is_reported_with_what_it_logged()
    {
        _fixture.Launcher.OnStart = started =>
        {
            File.AppendAllLines(started.LogFile, ["error --gateway nonsense: expected IP:PORT"]);
            _fixture.Launcher.Alive.Remove(started.Process);
        };

        var act = () => _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("port keeper 'alpha' exited before it was running").And.Contain("expected IP:PORT");
    }

    [Fact]
    public async Task A_keeper_that_never_reports_is_stopped_after_the_deadline()
    {
        _fixture.Launcher.OnStart = null;

        var act = () => _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        await act.Should().ThrowAsync<TimeoutException>().WithMessage("*was not running within 2 s*");
        _fixture.Launcher.Stopped.Should().Equal(_fixture.Launcher.Started.Single().Process);
    }

    [Fact]
    public async Task No_keeper_starts_for_a_tunnel_whose_namespace_is_gone()
    {
        File.Delete(_fixture.Host.Paths.NamespaceFile("tunmux_alpha"));

        var act = () => _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*tunmux_alpha does not exist*");
        _fixture.Launcher.Started.Should().BeEmpty();
    }

    [Fact]
    public async Task Stopping_the_keeper_stops_its_process_and_removes_its_report()
    {
        var record = await _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        await _fixture.Driver.StopPortForwardAsync(record, releaseMapping: false, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Equal(record.Process);
        _fixture.Launcher.StopSignals.Should().Equal([15], "a keeper that is replaced leaves its mapping to the next one");
        File.Exists(record.StateFile).Should().BeFalse();
        _fixture.Driver.ReadPortForward(record).Should().BeNull();
        _fixture.Driver.IsAlive(record.Process).Should().BeFalse();
    }

    [Fact]
    public async Task A_keeper_whose_port_is_no_longer_wanted_is_told_to_release_it_and_given_the_release_budget()
    {
        var record = await _fixture.Driver.StartPortForwardAsync(_keeper, _tunnel, CancellationToken.None);

        await _fixture.Driver.StopPortForwardAsync(record, releaseMapping: true, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Equal(record.Process);
        _fixture.Launcher.StopSignals.Should().Equal([KeeperSignals.Release]);
        KeeperSignals.Release.Should().Be(10, "SIGUSR1 on Linux");
        _fixture.Launcher.StopGraces.Should().Equal([_fixture.Options.StopGrace + KeeperSignals.ReleaseBudget], "SIGKILL still ends a keeper whose release hangs");
        File.Exists(record.StateFile).Should().BeFalse();
    }
}
