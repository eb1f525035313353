using Tunmux.Core.Lifecycle.Conditions;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>A proxy's conditions: it listens, its tunnel is up, and Ready only when both hold.</summary>
public sealed class ProxyConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static Condition TunnelUp(ConditionStatus status, string reason = "Connected", string message = "connected through peer 1") =>
        new(ConditionTypes.TunnelUp, status, reason, message, 1, T0);

    [Fact]
    public void A_listening_proxy_on_an_up_tunnel_is_ready()
    {
        var set = ProxyConditions.Derive(ConditionSet.Empty, new ProxyReadiness("p", true), TunnelUp(ConditionStatus.True), "t", 1, T0);

        set.Items.Select(c => (c.Type, c.Status)).Should().Equal(
            (ConditionTypes.Ready, ConditionStatus.True), (ConditionTypes.ProxyListening, ConditionStatus.True), (ConditionTypes.TunnelUp, ConditionStatus.True));
        set.Find(ConditionTypes.TunnelUp)!.Message.Should().Be("tunnel t: connected through peer 1");
    }

    [Fact]
    public void A_dead_worker_is_the_reason_before_the_tunnel()
    {
        var set = ProxyConditions.Derive(
            ConditionSet.Empty, new ProxyReadiness("p", false, "WorkerNotRunning: the worker process is not running"), TunnelUp(ConditionStatus.False, "NoHandshake", "no handshake"), "t", 1, T0);

        set.Find(ConditionTypes.Ready)!.Should().Match<Condition>(c => c.Status == ConditionStatus.False && c.Reason == "WorkerNotRunning" && c.Message == "the worker process is not running");
    }

    [Fact]
    public void A_listening_proxy_on_a_down_tunnel_is_not_ready_because_of_the_tunnel()
    {
        var set = ProxyConditions.Derive(ConditionSet.Empty, new ProxyReadiness("p", true), TunnelUp(ConditionStatus.Unknown, "HandshakeStale", "stale"), "t", 1, T0);

        set.Find(ConditionTypes.Ready)!.Reason.Should().Be("TunnelNotReady");
        set.Find(ConditionTypes.TunnelUp)!.Status.Should().Be(ConditionStatus.Unknown);
    }

    [Fact]
    public void A_proxy_whose_tunnel_is_not_declared_says_so()
    {
        var set = ProxyConditions.Derive(ConditionSet.Empty, new ProxyReadiness("p", true), null, "gone", 1, T0);

        set.Find(ConditionTypes.TunnelUp)!.Reason.Should().Be("TunnelNotFound");
        set.Find(ConditionTypes.Ready)!.Status.Should().Be(ConditionStatus.False);
    }

    [Fact]
    public void Deriving_the_same_facts_later_keeps_every_transition_time()
    {
        var first = ProxyConditions.Derive(ConditionSet.Empty, new ProxyReadiness("p", true), TunnelUp(ConditionStatus.True), "t", 1, T0);

        var later = ProxyConditions.Derive(first, new ProxyReadiness("p", true), TunnelUp(ConditionStatus.True), "t", 1, T0.AddMinutes(5));

        later.Should().Be(first);
    }
}
