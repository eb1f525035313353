using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Status;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Status;

/// <summary>Status without a daemon: conditions read off one observation, with unknown transition times.</summary>
public sealed class ObservedStatusTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeExitDriver _host = new();
    private readonly ExitOperations _controller;
    private Func<LiveStatus>? _live;

    public ObservedStatusTests()
    {
        _host.Clock = _clock;
        _controller = new ExitOperations(_workspace.Paths, _host, liveStatus: () => _live?.Invoke(), time: _clock);
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<(TunnelStatus Tunnel, ProxyStatus Proxy)> StatusAsync()
    {
        var view = await _controller.ViewAsync(CancellationToken.None);
        return (StatusReport.Tunnels(view).Single(), StatusReport.Proxies(view).Single());
    }

    private async Task ApplyAsync() =>
        (await _controller.ApplyAsync(_workspace.Manifests(Tunnel("a") + Proxy("a", "a")), new ApplyOptions(), null, CancellationToken.None))
            .Succeeded.Should().BeTrue();

    [Fact]
    public async Task A_fresh_handshake_and_a_listening_worker_are_ready()
    {
        await ApplyAsync();

        var (tunnel, proxy) = await StatusAsync();

        tunnel.Ready.Should().BeTrue();
        tunnel.Reason.Should().Be("Ready");
        tunnel.Server.Should().Be("198.18.1.2:51820");
        tunnel.Conditions.Select(c => (c.Type, c.Status)).Should().Equal(
            ("Ready", "True"), ("TunnelUp", "True"), ("ProxyListening", "True"), ("Degraded", "False"));
        tunnel.Conditions.Should().OnlyContain(c => c.LastTransitionTime == null, "one look cannot know when a status changed");
        proxy.Ready.Should().BeTrue();
        proxy.Conditions.Select(c => c.Type).Should().Equal("Ready", "ProxyListening", "TunnelUp");
    }

    [Fact]
    public async Task A_stale_handshake_is_not_ready_and_degraded()
    {
        await ApplyAsync();
        _host.DeadEndpoints.Add("198.18.1.2:51820");
        _clock.Advance(TimeSpan.FromSeconds(181));

        var (tunnel, proxy) = await StatusAsync();

        tunnel.Ready.Should().BeFalse();
        tunnel.Reason.Should().Be("HandshakeStale");
        tunnel.Conditions.Single(c => c.Type == "Degraded").Status.Should().Be("True");
        tunnel.Conditions.Single(c => c.Type == "Degraded").Message.Should().Contain("181 s ago");
        proxy.Ready.Should().BeFalse();
        proxy.Reason.Should().Be("TunnelNotReady");
    }

    [Fact]
    public async Task A_tunnel_awaiting_its_first_handshake_says_so_until_the_grace_ends()
    {
        _host.DeadEndpoints.Add("198.18.1.2:51820");
        await ApplyAsync();

        (await StatusAsync()).Tunnel.Reason.Should().Be("AwaitingHandshake");
        _clock.Advance(TimeSpan.FromSeconds(31));
        (await StatusAsync()).Tunnel.Reason.Should().Be("NoHandshake");
    }

    [Fact]
    public async Task The_daemons_live_status_wins_over_one_observation()
    {
        await ApplyAsync();
        var since = ManualClock.DefaultStart.AddMinutes(-5);
        var conditions = ConditionSet.Empty
            .Set(new Condition("Ready", ConditionStatus.False, "Reconnecting", "reconnect 1 to peer 1", 3, since));
        var events = new[] { new EventHistoryEntry(since, HistoryEventType.Warning, "Reconnecting", "reconnect 1 to peer 1") };
        _live = () => new LiveStatus(
            new Dictionary<string, LiveObjectStatus> { ["a"] = new(3, "Reconnecting", conditions, events) },
            new Dictionary<string, LiveObjectStatus>());

        var (tunnel, _) = await StatusAsync();

        tunnel.Ready.Should().BeFalse();
        tunnel.Reason.Should().Be("Reconnecting");
        tunnel.Phase.Should().Be("Reconnecting");
        tunnel.ObservedGeneration.Should().Be(3);
        tunnel.Conditions.Single().LastTransitionTime.Should().Be(since);
        tunnel.Events.Should().Equal(events);
    }

    [Fact]
    public async Task A_tunnel_s_own_handshake_limit_replaces_the_default_one()
    {
        var manifest = Tunnel("a").Replace("---", "  health: {handshakeMaxAge: 5m}\n---", StringComparison.Ordinal) + Proxy("a", "a");
        (await _controller.ApplyAsync(_workspace.Manifests(manifest), new ApplyOptions(), null, CancellationToken.None)).Succeeded.Should().BeTrue();
        _host.DeadEndpoints.Add("198.18.1.2:51820");

        _clock.Advance(TimeSpan.FromSeconds(181));
        (await StatusAsync()).Tunnel.Ready.Should().BeTrue("181 s is within the tunnel's 5 minutes");

        _clock.Advance(TimeSpan.FromSeconds(120));
        var (tunnel, _) = await StatusAsync();
        tunnel.Ready.Should().BeFalse();
        tunnel.Reason.Should().Be("HandshakeStale");
    }
}
