using System.Text.Json;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Planning;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;
using Tunmux.Runtime.Status;

namespace Tunmux.Daemon.Tests.Control.Protocol;

/// <summary>Reports survive the wire: what the daemon sends is what the client renders.</summary>
public sealed class TypedRepliesTests
{
    private static T RoundTrip<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var line = ControlJson.SerializeResponse(ControlResponse.Success((System.Text.Json.Nodes.JsonObject)JsonSerializer.SerializeToNode(value, type)!));
        return ControlJson.ParseResponse(line.AsSpan(0, line.Length - 1)).Body.Deserialize(type)!;
    }

    [Fact]
    public void An_operation_report_round_trips()
    {
        var report = new OperationReport
        {
            Errors = [new ManifestError(new SourcePosition("/a.yaml", 3, 5), "spec.x", "bad") { Subject = "Tunnel/a", Transient = true }],
            Notes = ["a note"],
            Plan = new PlanSummary([new ChangeSummary(ResourceKind.Tunnel, "a", ChangeAction.Replace, "spec changed", ["mtu: 1420 -> 1380"])], ["careful"]),
            Executed = true,
            Outcomes = [new ChangeResult(ResourceKind.Proxy, "a", ChangeAction.Create, "port taken")],
            Remaining = new PlanSummary([], []),
        };

        var back = RoundTrip(report, ControlJsonContext.Default.OperationReport);

        back.Errors.Should().Equal(report.Errors);
        back.Notes.Should().Equal(report.Notes);
        PlanRenderer.Render(back.Plan!).Should().Be(PlanRenderer.Render(report.Plan!));
        back.Outcomes.Should().Equal(report.Outcomes);
        back.Executed.Should().BeTrue();
        back.Succeeded.Should().BeFalse();
    }

    [Fact]
    public void A_view_report_round_trips_with_events_and_details()
    {
        var at = new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);
        var view = new ViewReport(
            [new TunnelStatus("a", "wireguard", "Proxy", "kernel", "tunmux_a", "wg-a", true, "Ready", "1.2.3.4:51820", at, 10, 20, at)
            {
                Phase = "Connected",
                PortForwarding = new PortForwardStatus("Forwarding", 41000, null, at, at, 0, null, "/bin/hook", null, 77),
                Conditions = [new ConditionView("Ready", "True", "Ready", "up", 2, at)],
            }],
            [new ProxyStatus("a", "a", "127.0.0.1:1080", null, 42, true, "Ready", at) { ActiveConnections = 3 }],
            ["a problem"],
            at)
        {
            Manifests = "kind: Tunnel\n",
            Details = [new TunnelDetails("a", ["10.0.0.2/32"], ["10.0.0.1"], 1420, TimeSpan.FromMinutes(3), new ProbeDetails("tcp 1.1.1.1:443", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 3),
                [new PeerDetails("pub", "1.2.3.4:51820", ["0.0.0.0/0"], 25, true)])],
            Events = [new ObjectEvents("tunnel/a", [new EventHistoryEntry(at, HistoryEventType.Normal, "Connected", "up")])],
        };

        var back = RoundTrip(view, ControlJsonContext.Default.ViewReport);

        back.Tunnels.Single().Should().BeEquivalentTo(view.Tunnels.Single());
        back.Proxies.Single().Should().BeEquivalentTo(view.Proxies.Single());
        back.Problems.Should().Equal("a problem");
        back.Details.Single().Should().BeEquivalentTo(view.Details.Single());
        back.TunnelsWithEvents().Single().Events.Should().Equal(view.Events.Single().Events);
        back.Manifests.Should().Be(view.Manifests);
    }

    [Fact]
    public void A_request_nested_a_hundred_thousand_levels_deep_is_refused_as_malformed()
    {
        var deep = "{\"version\":2,\"kind\":\"get\",\"body\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var parsed = ControlJson.ParseRequest(System.Text.Encoding.UTF8.GetBytes(deep));

        parsed.Request.Should().BeNull();
        parsed.Error!.Code.Should().Be(ControlErrorCodes.MalformedRequest);
    }
}
