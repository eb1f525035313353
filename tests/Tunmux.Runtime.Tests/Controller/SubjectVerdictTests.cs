using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>How a wait judges one subject from its key's latest pass and its live Ready condition.</summary>
public sealed class SubjectVerdictTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static LiveObjectStatus Live(ConditionStatus ready, string reason, string message) =>
        new(1, "Connecting", ConditionSet.Empty.Set(new Condition(ConditionTypes.Ready, ready, reason, message, 1, Now)), []);

    [Fact]
    public void Only_a_fresh_outcome_decides()
    {
        SubjectVerdict.Judge("tunnel/a", fresh: null, earlier: null, live: null)
            .Should().Be(new SubjectVerdict("tunnel/a", SubjectState.Pending, "Pending", "no reconcile has finished since the wait began") { NoFreshPass = true });
        SubjectVerdict.Judge("tunnel/a", fresh: null, earlier: new KeyOutcome.Ready(), live: Live(ConditionStatus.True, "Connected", "up")).State
            .Should().Be(SubjectState.Pending, "a Ready from before the wait may be stale");
    }

    [Fact]
    public void Failures_and_invalid_specs_settle_requeues_and_unreachable_providers_do_not()
    {
        var error = new ManifestError(new SourcePosition("t.yaml", 3, 1), "spec.wireguard", "no key");
        SubjectVerdict.Judge("tunnel/a", new KeyOutcome.Failed("boom"), null, null).Should().Be(new SubjectVerdict("tunnel/a", SubjectState.Failed, "Failed", "boom"));
        SubjectVerdict.Judge("tunnel/a", new KeyOutcome.InvalidSpec([error]), null, null).Should().Be(new SubjectVerdict("tunnel/a", SubjectState.Failed, "InvalidSpec", error.ToString()));
        SubjectVerdict.Judge("tunnel/a", new KeyOutcome.RequeueAfter(TimeSpan.FromSeconds(2), "settling"), null, null)
            .Should().Be(new SubjectVerdict("tunnel/a", SubjectState.Pending, "RequeueAfter", "settling"));
        SubjectVerdict.Judge("tunnel/a", new KeyOutcome.Unavailable("api down"), null, null)
            .Should().Be(new SubjectVerdict("tunnel/a", SubjectState.Pending, "Unavailable", "api down"));
    }

    [Fact]
    public void A_ready_pass_is_ready_once_the_ready_condition_agrees_or_when_there_is_none()
    {
        SubjectVerdict.Judge("proxy/p", new KeyOutcome.Ready(), null, Live(ConditionStatus.False, "TunnelNotReady", "tunnel a: awaiting a handshake"))
            .Should().Be(new SubjectVerdict("proxy/p", SubjectState.Pending, "TunnelNotReady", "tunnel a: awaiting a handshake"));
        SubjectVerdict.Judge("proxy/p", new KeyOutcome.Ready(), null, Live(ConditionStatus.True, "Ready", "listening")).State.Should().Be(SubjectState.Ready);
        SubjectVerdict.Judge("tunnel/d", new KeyOutcome.Ready(), null, live: null).State.Should().Be(SubjectState.Ready, "direct tunnels have no live conditions: their outcome says it all");
    }

    [Fact]
    public void A_subject_maps_to_the_key_of_its_tunnel()
    {
        var declared = ManifestLoader.LoadText("""
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: web}
            spec: {tunnelRef: a}
            """, "p.yaml", "/").Objects;

        SubjectVerdict.KeyOf("proxy/web", declared).Should().Be("a");
        SubjectVerdict.KeyOf("tunnel/a", declared).Should().BeNull("no tunnel a is declared");
        SubjectVerdict.KeyOf("proxy/other", declared).Should().BeNull();
        SubjectVerdict.KeyOf("web", declared).Should().BeNull();
    }
}
