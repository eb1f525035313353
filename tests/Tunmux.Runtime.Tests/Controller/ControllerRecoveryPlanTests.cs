using System.Collections.Concurrent;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #9: recovery steps are plan actions. The lifecycle only asks; the key's one reconcile
/// path plans the reconnect and the failover as changes, and the executor runs them.
/// </summary>
public sealed partial class ControllerHealthTests
{
    [Fact]
    public async Task A_reconnect_and_a_failover_are_planned_changes_of_the_keys_passes()
    {
        await StartAsync();
        var reports = new ConcurrentQueue<KeyReport>();
        Controller.Reconciled += reports.Enqueue;
        IEnumerable<string> Recoveries() => reports
            .SelectMany(r => r.Execution?.Outcomes ?? [])
            .Where(o => o.Change is ReconnectTunnel)
            .Select(o => $"{o.Change.Reason}: {o.Error ?? "ok"}");

        Host.DeadEndpoints.Add(First);
        Clock.Advance(Policy.HandshakeMaxAge + TimeSpan.FromSeconds(1));
        await UntilPhase("Degraded");
        Clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        await Eventually.ThatAsync(() => Recoveries().Any(), "the reconnect's pass is reported");
        Clock.Advance(Policy.HandshakeGrace);
        await UntilPhase("Connected");
        await Eventually.ThatAsync(() => Recoveries().Count() >= 2, "the failover's pass is reported");

        Recoveries().Should().Equal("reconnect: peer 1 again: ok", "fail over: peer 1 -> peer 2: ok");
        reports.Where(r => r.Plan?.Changes.Any(c => c is ReconnectTunnel) ?? false)
            .Should().OnlyContain(r => r.Plan!.Changes.All(c => c is ReconnectTunnel || c.Action == ChangeAction.NoOp), "the proxy keeps running through a reconnect");
    }
}
