using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>Issue #4: conditions, events and generations survive a restart of the daemon.</summary>
public sealed partial class ControllerHealthTests
{
    private string TunnelStatusFile => Path.Combine(_harness.Paths.TunnelStatusDir, "a.json");

    private string ProxyStatusFile => Path.Combine(_harness.Paths.ProxyStatusDir, "a.json");

    [Fact]
    public async Task A_restarted_controller_keeps_transition_times_events_and_generations()
    {
        await StartAsync();
        await _harness.WriteManifestsAsync(Manifest(address: "10.66.1.3/32"));
        await Eventually.ThatAsync(() => Controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Generation == 2, "generation 2", () => Controller.Trigger(["a"]));
        await UntilPhase("Connected");
        var readySince = ConditionOf(ConditionTypes.Ready).LastTransitionTime;
        var proxyReadySince = Controller.Board.Current.Proxies["a"].Conditions.Find(ConditionTypes.Ready)!.LastTransitionTime;
        var events = Tunnel.Events.ToList();
        var proxyGeneration = Controller.Board.Current.Proxies["a"].Generation;

        Clock.Advance(TimeSpan.FromMinutes(5));
        await RestartAsync();

        Tunnel.Generation.Should().Be(2, "the spec did not change across the restart");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        ConditionOf(ConditionTypes.Ready).LastTransitionTime.Should().Be(readySince, "the tunnel stayed ready through the restart");
        Tunnel.Conditions.Items.Should().OnlyContain(c => c.ObservedGeneration == 2);
        Tunnel.Events.Take(events.Count).Should().Equal(events, "the earlier events are still there, oldest first");
        Tunnel.Events.Skip(events.Count).Should().Contain(e => e.Reason == "Adopted");
        var proxy = Controller.Board.Current.Proxies["a"];
        proxy.Conditions.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be(proxyReadySince);
        proxy.Generation.Should().Be(proxyGeneration);
    }

    [Fact]
    public async Task Status_is_written_when_it_changes_and_not_on_every_pass()
    {
        await StartAsync();
        File.Exists(TunnelStatusFile).Should().BeTrue();
        File.Exists(ProxyStatusFile).Should().BeTrue();
        File.GetUnixFileMode(TunnelStatusFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(TunnelStatusFile);

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(60));
            var passes = Controller.Status["a"].LastReconciled;
            Controller.Trigger(["a"]);
            await Eventually.ThatAsync(() => Controller.Status["a"].LastReconciled > passes, "another pass");
        }

        File.Exists(TunnelStatusFile).Should().BeFalse("passes that change nothing write nothing");

        Host.DeadEndpoints.Add(First);
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        await Eventually.ThatAsync(() => File.Exists(TunnelStatusFile), "the changed status to be saved");
        var saved = new StatusStore(_harness.Paths).LoadTunnels().Saved["a"];
        saved.Conditions.Single(c => c.Type == ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        saved.Events[^1].Type.Should().Be(HistoryEventType.Warning);
    }

    [Fact]
    public async Task Deleting_a_tunnel_and_its_proxy_deletes_their_saved_status()
    {
        await StartAsync();

        File.Delete(Path.Combine(Folder, "exits.yaml"));

        await Eventually.ThatAsync(() => !File.Exists(TunnelStatusFile) && !File.Exists(ProxyStatusFile), "the saved status to go", () => Controller.Trigger(["a"]));
        Host.Namespaces.Should().NotContain("tunmux_a");
    }

    [Fact]
    public async Task Status_saved_for_an_exit_removed_while_no_daemon_ran_is_deleted_at_start()
    {
        var store = new StatusStore(_harness.Paths);
        var ghost = new SavedStatus(1, "sha256:gone", [], [new EventHistoryEntry(Clock.GetUtcNow(), HistoryEventType.Normal, "Connected", "long ago")]);
        store.SaveTunnel("ghost", ghost);
        store.SaveProxy("ghost", ghost);

        await StartAsync();

        store.LoadTunnels().Saved.Keys.Should().Equal("a");
        store.LoadProxies().Saved.Keys.Should().Equal("a");
    }
}
