using System.Globalization;
using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// Issue #4 acceptance for the active probe, on real WireGuard with the lab: the probe resolves
/// whoami.lab through the tunnel's DNS and crosses the exit to the lab's whoami; when the exit stops forwarding to it (its handshakes still fine), the
/// tunnel turns not Ready with the probe's reason and the daemon reconnects; when forwarding
/// comes back, a passing probe makes the tunnel Ready again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaemonProbeTests(ITestOutputHelper output)
{
    private const string Tunnel = "probed";
    private const int SocksPort = 1095;
    private const string ProbePath = "/tunmux-probe";

    /// <summary>A table of the test's own in the lab exit's namespace: dropped forwarding to the whoami, nothing else.</summary>
    private const string BlockTable = "tunmux_probe_test";

    [RootFact]
    public async Task A_tunnel_whose_probe_fails_turns_not_ready_is_reconnected_and_recovers_when_the_path_does()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var manifest = await ProbedTunnelAsync(lab);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox, "--degraded-confirmation", "1s");
        (await lab.TunmuxAsync("apply", "-f", manifest, "--wait", "--timeout", "60s")).EnsureSuccess("apply --wait");
        await Eventually.ThatAsync(() => Task.FromResult(ProbesSeen(lab).Any()), TimeSpan.FromSeconds(30), "the probe to reach the whoami");
        ProbesSeen(lab).Should().OnlyContain(address => address == LabSandbox.PublicAddressOf(1), "the probe leaves through the exit");
        (await ReadyAsync(lab)).Status.Should().Be("True");
        var reconnectsBefore = Reconnects(daemon);

        await BlockForwardingAsync(lab);
        try
        {
            var took = await Eventually.ThatAsync(
                async () => (await ReadyAsync(lab)).Status == "False",
                TimeSpan.FromSeconds(60),
                "the tunnel to turn not Ready");
            output.WriteLine($"not Ready {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after forwarding stopped");
            await Eventually.ThatAsync(() => Task.FromResult(Reconnects(daemon) > reconnectsBefore), TimeSpan.FromSeconds(60), "the daemon to reconnect");

            var ready = await ReadyAsync(lab);
            ready.Status.Should().Be("False");
            ready.Message.Should().Contain("the active probe failed: http://whoami.lab/tunmux-probe: ");
            var describe = (await lab.TunmuxAsync("describe", "tunnel", Tunnel)).EnsureSuccess("describe").Stdout;
            describe.Should().Contain("ProbeFailed").And.Contain("Reconnecting").And.Contain("http://whoami.lab/tunmux-probe");
            (await lab.TunmuxAsync("status")).EnsureSuccess("status").Stdout.Should().Contain(Tunnel);
        }
        finally
        {
            await UnblockForwardingAsync(lab);
        }

        var recovered = await Eventually.ThatAsync(async () => (await ReadyAsync(lab)).Status == "True", TimeSpan.FromSeconds(60), "the tunnel to be Ready again");
        output.WriteLine($"Ready again {recovered.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after forwarding came back");
        (await lab.CurlAsync("--socks5-hostname", $"127.0.0.1:{SocksPort}")).Should().Be(LabSandbox.PublicAddressOf(1));
        var events = (await lab.TunmuxAsync("describe", "tunnel", Tunnel)).EnsureSuccess("describe").Stdout;
        events.IndexOf("ProbeFailed", StringComparison.Ordinal).Should().BeLessThan(events.LastIndexOf("Connected", StringComparison.Ordinal));
    }

    private static async Task<string> ProbedTunnelAsync(LabSandbox lab)
    {
        var manifest = Path.Combine(lab.Sandbox.StateDir, "probed.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {name: {{Tunnel}}}
            spec:
              wireguard: {configFile: {{Path.Combine(lab.LabDir, "exit-1.conf")}}}
              health:
                probe: {url: "http://whoami.lab{{ProbePath}}", interval: 1s, timeout: 1s, failureThreshold: 2}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: {{Tunnel}}}
            spec:
              tunnelRef: {{Tunnel}}
              socks: {listen: "127.0.0.1:{{SocksPort}}"}
              http: {enabled: false}

            """);
        return manifest;
    }

    /// <summary>The client addresses of the probe's requests (by name, so resolved in the tunnel) the whoami has logged.</summary>
    private static IEnumerable<string> ProbesSeen(LabSandbox lab) =>
        lab.WhoamiLines().Select(line => line.Split(' ')).Where(f => f.Length > 4 && f[3] == ProbePath && f[4] == "whoami.lab").Select(f => f[1]);

    private static int Reconnects(DaemonProcess daemon) =>
        daemon.Log.Split('\n').Count(line => line.Contains($"Tunnel {Tunnel}: peer 1 configured at", StringComparison.Ordinal));

    private static async Task<(string Status, string Reason, string Message)> ReadyAsync(LabSandbox lab)
    {
        var result = (await lab.TunmuxAsync("get", "tunnel", Tunnel, "-o", "json")).EnsureSuccess("get tunnel");
        var node = JsonNode.Parse(result.Stdout)!;
        var item = node["items"] is JsonArray items ? items[0]! : node;
        var ready = item["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
        return (ready?["status"]?.GetValue<string>() ?? "", ready?["reason"]?.GetValue<string>() ?? "", ready?["message"]?.GetValue<string>() ?? "");
    }

    private static string ExitNamespace(LabSandbox lab) => lab.Sandbox.LabPrefix + "exit1";

    /// <summary>
    /// Inside the lab exit's namespace (made by this test's lab): drop what the exit forwards to
    /// the whoami. WireGuard's handshakes go to the exit itself (input, not forward) and go on.
    /// </summary>
    private static async Task BlockForwardingAsync(LabSandbox lab) =>
        (await Run.ProgramAsync(["ip", "netns", "exec", ExitNamespace(lab), "nft", "-f", "-"], stdin: $$"""
            table inet {{BlockTable}} {
                chain forward {
                    type filter hook forward priority 0; policy accept;
                    ip daddr 198.19.255.1 drop
                }
            }

            """)).EnsureSuccess("block forwarding in the lab exit");

    private static async Task UnblockForwardingAsync(LabSandbox lab) =>
        (await Run.ProgramAsync(["ip", "netns", "exec", ExitNamespace(lab), "nft", "delete", "table", "inet", BlockTable]))
            .EnsureSuccess("unblock forwarding in the lab exit");
}
