using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.State;

/// <summary>Issue #4: the daemon's conditions, events and generations are kept across its restarts.</summary>
public sealed class StatusStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempWorkspace _workspace = new();
    private readonly StatusStore _store;

    public StatusStoreTests() => _store = new StatusStore(_workspace.Paths);

    public void Dispose() => _workspace.Dispose();

    private static SavedStatus Status(int events = 1) => new(
        3,
        "sha256:abc",
        [
            new Condition(ConditionTypes.Ready, ConditionStatus.True, "Ready", "the tunnel is up", 3, At),
            new Condition(ConditionTypes.Degraded, ConditionStatus.False, "Connected", "connected through peer 1", 3, At.AddMinutes(-5)),
        ],
        [.. Enumerable.Range(1, events).Select(n => new EventHistoryEntry(At.AddSeconds(n), HistoryEventType.Warning, "HandshakeStale", $"event {n}"))]);

    [Fact]
    public void A_saved_status_loads_back_equal_with_its_transition_times()
    {
        _store.SaveTunnel("lab-1", Status());
        _store.SaveProxy("lab-1", Status() with { Generation = 1 });

        var (tunnels, problems) = _store.LoadTunnels();

        problems.Should().BeEmpty();
        tunnels.Should().ContainKey("lab-1").WhoseValue.SameAs(Status()).Should().BeTrue();
        tunnels["lab-1"].Conditions[1].LastTransitionTime.Should().Be(At.AddMinutes(-5));
        _store.LoadProxies().Saved["lab-1"].Generation.Should().Be(1);
    }

    [Fact]
    public void Files_are_readable_by_their_owner_only_and_kept_apart_per_kind()
    {
        _store.SaveTunnel("lab-1", Status());

        var file = Path.Combine(_workspace.Paths.StateDir, "status", "tunnels", "lab-1.json");
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _store.LoadProxies().Saved.Should().BeEmpty();
    }

    [Fact]
    public void History_is_capped_on_save_and_on_load()
    {
        _store.SaveTunnel("lab-1", Status(events: EventHistory.DefaultCapacity + 5));
        var file = Path.Combine(_workspace.Paths.TunnelStatusDir, "hand-edited.json");
        File.Copy(Path.Combine(_workspace.Paths.TunnelStatusDir, "lab-1.json"), file);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"events\": [", "\"events\": [{\"time\": \"2026-01-01T00:00:00+00:00\", \"type\": \"normal\", \"reason\": \"Extra\", \"message\": \"x\"},", StringComparison.Ordinal));

        var saved = _store.LoadTunnels().Saved;

        saved["lab-1"].Events.Should().HaveCount(EventHistory.DefaultCapacity);
        saved["lab-1"].Events[^1].Message.Should().Be($"event {EventHistory.DefaultCapacity + 5}", "the newest are kept");
        saved["hand-edited"].Events.Should().HaveCount(EventHistory.DefaultCapacity).And.NotContain(e => e.Reason == "Extra");
    }

    [Fact]
    public void An_unreadable_file_is_reported_and_the_others_still_load()
    {
        _store.SaveTunnel("good", Status());
        File.WriteAllText(Path.Combine(_workspace.Paths.TunnelStatusDir, "bad.json"), "{ not json");
        File.WriteAllText(Path.Combine(_workspace.Paths.TunnelStatusDir, "empty.json"), "{}");

        var (saved, problems) = _store.LoadTunnels();

        saved.Keys.Should().Equal("good");
        problems.Should().HaveCount(2).And.Contain(p => p.Contains("bad.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Deleting_removes_the_file_and_deleting_twice_is_fine()
    {
        _store.SaveTunnel("lab-1", Status());

        _store.DeleteTunnel("lab-1");
        _store.DeleteTunnel("lab-1");

        _store.LoadTunnels().Saved.Should().BeEmpty();
    }

    [Fact]
    public void Equal_statuses_compare_by_content_not_by_list_identity()
    {
        Status().SameAs(Status()).Should().BeTrue();
        Status().SameAs(Status() with { Generation = 4 }).Should().BeFalse();
        Status().SameAs(Status(events: 2)).Should().BeFalse();
        Status().SameAs(null).Should().BeFalse();
    }
}
