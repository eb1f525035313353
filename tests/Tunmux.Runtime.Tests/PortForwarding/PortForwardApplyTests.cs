using Tunmux.Core.PortForwarding;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.PortForwarding;

/// <summary>Issue #5 without a daemon: `apply` starts, keeps, repairs and stops a tunnel's port keeper; status shows its port.</summary>
public sealed class PortForwardApplyTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeExitDriver _host = new();
    private readonly ExitOperations _controller;

    public PortForwardApplyTests()
    {
        _host.Clock = _clock;
        _controller = new ExitOperations(_workspace.Paths, _host, time: _clock);
    }

    public void Dispose() => _workspace.Dispose();

    private static string Forwarding(string name, string hook = "[/usr/local/bin/port-changed, --secret-arg]") =>
        Tunnel(name).Replace("spec:\n", $"spec:\n  portForwarding: true\n  portForwardingHook: {hook}\n", StringComparison.Ordinal);

    private Task<OperationResult> ApplyAsync(string text) =>
        _controller.ApplyAsync(_workspace.Manifests(text), new ApplyOptions(), null, CancellationToken.None);

    private async Task<TunnelStatus> StatusAsync(string name) =>
        StatusReport.Tunnels(await _controller.ViewAsync(CancellationToken.None)).Single(t => t.Name == name);

    private IEnumerable<string> Changes => _host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal));

    private string KeeperRecordFile(string name) => Path.Combine(_workspace.Paths.PortForwardRecordsDir, name + ".json");

    [Fact]
    public async Task Apply_starts_a_keeper_for_the_forwarding_tunnel_only_and_converges()
    {
        var result = await ApplyAsync(Forwarding("a") + Tunnel("b"));

        result.Succeeded.Should().BeTrue();
        result.Remaining!.HasChanges.Should().BeFalse("the keeper runs and is recorded");
        _host.Calls.Should().ContainInOrder("create tunnel a", "start keeper a").And.NotContain("start keeper b");
        File.Exists(KeeperRecordFile("a")).Should().BeTrue();
        var calls = _host.MutatingCalls;
        (await ApplyAsync(Forwarding("a") + Tunnel("b"))).Plan!.HasChanges.Should().BeFalse();
        _host.MutatingCalls.Should().Be(calls);
    }

    [Fact]
    public async Task Status_shows_the_port_while_the_keeper_holds_a_live_mapping()
    {
        await ApplyAsync(Forwarding("a") + Tunnel("b"));
        _host.PortStates["a"] = new ForwardedPortState
        {
            Tunnel = "a",
            Port = 41000,
            PreviousPort = 39000,
            ExpiresAt = _clock.GetUtcNow().AddSeconds(60),
            RenewedAt = _clock.GetUtcNow(),
            HookedPort = 41000,
        };

        var status = (await StatusAsync("a")).PortForwarding!;

        status.Should().BeEquivalentTo(new
        {
            State = "Forwarding", Port = 41000, PreviousPort = 39000, Failures = 0, Hook = "/usr/local/bin/port-changed",
        });
        status.KeeperPid.Should().NotBeNull();
        (await StatusAsync("b")).PortForwarding.Should().BeNull("b does not forward a port");
    }

    [Fact]
    public async Task An_expired_mapping_shows_no_port_and_the_failure_that_lost_it()
    {
        await ApplyAsync(Forwarding("a"));
        _host.PortStates["a"] = new ForwardedPortState
        {
            Tunnel = "a",
            Port = 41000,
            ExpiresAt = _clock.GetUtcNow().AddSeconds(-1),
            Failures = 4,
            LastError = "the NAT-PMP gateway did not answer",
        };

        var status = (await StatusAsync("a")).PortForwarding!;

        status.State.Should().Be("Failing");
        status.Port.Should().BeNull();
        status.LastError.Should().Contain("did not answer");
    }

    [Fact]
    public async Task A_keeper_that_died_is_restarted_by_the_next_apply_and_shown_stopped_meanwhile()
    {
        await ApplyAsync(Forwarding("a"));
        var pid = _host.LivePids.Max();
        _host.LivePids.Remove(pid);
        (await StatusAsync("a")).PortForwarding!.State.Should().Be("Stopped");

        var repair = await ApplyAsync(Forwarding("a"));

        repair.Plan!.Changes.Where(c => c.Action != Core.Planning.ChangeAction.NoOp).Select(c => $"{c.Kind} {c.Reason}")
            .Should().Equal("PortForward repair: keeper is not running");
        Changes.Should().EndWith(["stop keeper a", "start keeper a"]);
        Changes.Should().NotContain("delete tunnel a");
    }

    [Fact]
    public async Task Turning_forwarding_off_or_deleting_the_tunnel_stops_the_keeper_and_forgets_it()
    {
        await ApplyAsync(Forwarding("a"));

        await ApplyAsync(Tunnel("a"));

        Changes.Should().EndWith("stop keeper a");
        _host.ReleasedMappings.Should().Equal(["a"], "forwarding is off: the mapping is released, not left to lapse");
        File.Exists(KeeperRecordFile("a")).Should().BeFalse();
        (await StatusAsync("a")).PortForwarding.Should().BeNull();

        await ApplyAsync(Forwarding("a"));
        (await _controller.DeleteAllAsync(false, null, CancellationToken.None)).Succeeded.Should().BeTrue();
        _host.Calls.Should().ContainInOrder("stop keeper a", "delete tunnel a");
        _host.ReleasedMappings.Should().Equal(["a", "a"], "the tunnel is deleted");
        File.Exists(KeeperRecordFile("a")).Should().BeFalse();
    }

    [Fact]
    public async Task A_keeper_that_is_replaced_or_repaired_leaves_its_mapping_for_the_next_one()
    {
        await ApplyAsync(Forwarding("a"));

        // A changed hook replaces the keeper; so does a rebuilt tunnel; a dead one is repaired.
        (await ApplyAsync(Forwarding("a", hook: "[/usr/local/bin/other-hook]"))).Succeeded.Should().BeTrue();
        (await ApplyAsync(Forwarding("a", hook: "[/usr/local/bin/other-hook]").Replace(Endpoint, "198.18.9.9:51820", StringComparison.Ordinal))).Succeeded.Should().BeTrue();
        _host.LivePids.Remove(_host.LivePids.Max());
        (await ApplyAsync(Forwarding("a", hook: "[/usr/local/bin/other-hook]").Replace(Endpoint, "198.18.9.9:51820", StringComparison.Ordinal))).Succeeded.Should().BeTrue();

        Changes.Count(c => c == "stop keeper a").Should().Be(3);
        _host.ReleasedMappings.Should().BeEmpty("a replacing keeper asks again and may keep the same port");
    }

    [Fact]
    public async Task A_keeper_whose_tunnel_failed_to_build_is_skipped()
    {
        _host.FailingTunnels.Add("a");

        var result = await ApplyAsync(Forwarding("a"));

        result.Execution!.Failures.Select(f => $"{f.Change.Kind}: {f.Error}").Should().Contain("PortForward: skipped: tunnel a is not up");
        _host.Calls.Should().NotContain("start keeper a");
    }
}
