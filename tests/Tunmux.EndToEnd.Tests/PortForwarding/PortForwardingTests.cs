using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Netns;
using Tunmux.Providers.Proton.PortForwarding;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.PortForwarding;

/// <summary>
/// Issue #5 end to end, without a provider account: a plain WireGuard tunnel to a lab exit with
/// portForwarding on (as a Proton configuration with NAT-PMP would be), and a NAT-PMP gateway
/// bound inside the exit's namespace on the server's tunnel address, the way Proton's 10.2.0.1
/// sits behind its servers. The gateway is reachable only through the tunnel, so every mapping
/// it answers proves the keeper asks from inside the tunnel's namespace. It grants 4-second
/// mappings, so the keeper renews every 3 s and the test sees renewals without waiting long.
/// Deleting the tunnel releases the mapping at the gateway; restarting the keeper does not.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PortForwardingTests
{
    private const string GatewayAddress = "10.66.1.1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [RootFact]
    public async Task The_port_is_mapped_through_the_tunnel_renewed_shown_hooked_on_change_repaired_and_removed()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var exitNamespace = $"/run/netns/{lab.Sandbox.LabPrefix}exit1";
        var socket = NamespaceSocketBinder.BindUdp(exitNamespace, [new IPEndPoint(IPAddress.Parse(GatewayAddress), NatPmp.ServerPort)]).Single();
        await using var gateway = new NatPmpTestGateway(socket) { PublicPort = 40001, GrantedLifetime = 4 };
        var hookLog = Path.Combine(lab.Sandbox.StateDir, "hook.log");
        var manifest = await WriteManifestAsync(lab, WriteHook(lab, hookLog));

        (await TunmuxAsync(lab, "apply", "-f", manifest)).EnsureSuccess("apply");

        // The first mapping: shown in status and handed to the hook, with no previous port.
        await Eventually.ThatAsync(() => Task.FromResult(HookLines(hookLog).Count == 1), Patience, "the hook to run for the first port");
        HookLines(hookLog).Should().Equal("lab-1 40001 ");
        var first = await ForwardingAsync(lab);
        first["state"]!.GetValue<string>().Should().Be("Forwarding");
        first["port"]!.GetValue<int>().Should().Be(40001);
        (await lab.TunmuxAsync("status")).EnsureSuccess("status").Stdout.Should().MatchRegex(@"(?m)^lab-1\s.*\s40001\s");
        gateway.Mappings(NatPmpProtocol.Udp).Should().BeGreaterThan(0);
        gateway.Mappings(NatPmpProtocol.Tcp).Should().BeGreaterThan(0);

        // Renewals: more rounds of UDP and TCP, a later renewal time, and no hook for the same port.
        // Both counts are waited for: under load a request the gateway answered late is sent again
        // and counted twice, so one protocol's count may run ahead of the other's.
        var rounds = Math.Max(gateway.Mappings(NatPmpProtocol.Udp), gateway.Mappings(NatPmpProtocol.Tcp));
        await Eventually.ThatAsync(
            () => Task.FromResult(gateway.Mappings(NatPmpProtocol.Tcp) >= rounds + 2 && gateway.Mappings(NatPmpProtocol.Udp) >= rounds + 2), Patience, "two renewals");
        var renewed = await ForwardingAsync(lab);
        Time(renewed, "renewedAt").Should().BeAfter(Time(first, "renewedAt"));
        Time(renewed, "expiresAt").Should().BeAfter(Time(first, "expiresAt"));
        HookLines(hookLog).Should().HaveCount(1, "the port did not change");

        // The gateway hands out another port: the next renewal takes it and the hook hears of it.
        gateway.PublicPort = 40002;
        await Eventually.ThatAsync(() => Task.FromResult(HookLines(hookLog).Count == 2), Patience, "the hook to run for the new port");
        HookLines(hookLog).Should().Equal("lab-1 40001 ", "lab-1 40002 40001");
        var changed = await ForwardingAsync(lab);
        changed["port"]!.GetValue<int>().Should().Be(40002);
        changed["previousPort"]!.GetValue<int>().Should().Be(40001);

        // A keeper that dies is shown stopped, and the next apply repairs it alone.
        var keeper = changed["keeperPid"]!.GetValue<int>();
        var tunnelsBefore = lab.WireGuardPids();
        (await Run.ProgramAsync(["kill", "-KILL", keeper.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill the keeper");
        await Eventually.ThatAsync(() => Task.FromResult(LabSandbox.ProcessGone(keeper)), Patience, "the keeper to die");
        (await ForwardingAsync(lab))["state"]!.GetValue<string>().Should().Be("Stopped");
        (await TunmuxAsync(lab, "apply", "-f", manifest)).EnsureSuccess("repairing apply").Stdout.Should().Contain("portforward/lab-1");
        var repaired = await ForwardingAsync(lab);
        repaired["keeperPid"]!.GetValue<int>().Should().NotBe(keeper);
        lab.WireGuardPids().Should().Equal(tunnelsBefore, "only the keeper was restarted");
        await Eventually.ThatAsync(() => Task.FromResult(HookLines(hookLog).Count == 3), Patience, "the new keeper's hook");
        HookLines(hookLog)[2].Should().Be("lab-1 40002 ", "a new keeper reports its first mapping");

        gateway.Releases(NatPmpProtocol.Udp).Should().Be(0, "a keeper that is restarted leaves its mapping to the next one");

        // Deleting the tunnel has the keeper release its mapping (lifetime 0, UDP and TCP, through the
        // tunnel) before it ends, stops it and removes its report.
        var stateFile = Path.Combine(lab.Sandbox.RunDir, "portforward", "lab-1.json");
        File.Exists(stateFile).Should().BeTrue();
        var last = repaired["keeperPid"]!.GetValue<int>();
        (await lab.TunmuxAsync("delete", "tunnel", "lab-1")).EnsureSuccess("delete");
        LabSandbox.ProcessGone(last).Should().BeTrue();
        File.Exists(stateFile).Should().BeFalse();
        // At least once each: a release the gateway answers late is sent again (NAT-PMP retransmits
        // after 250 ms, doubling), and a loaded machine answers late.
        await Eventually.ThatAsync(
            () => Task.FromResult(gateway.Releases(NatPmpProtocol.Udp) >= 1 && gateway.Releases(NatPmpProtocol.Tcp) >= 1), Patience, "the mapping to be released");
    }

    /// <summary>tunmux in the sandbox, told where the gateway is (Proton's 10.2.0.1 is not in the lab).</summary>
    private static Task<Run.Result> TunmuxAsync(LabSandbox lab, params string[] args) =>
        Run.ProgramAsync(
            ["nsenter", $"--net=/run/netns/{lab.Sandbox.Name}", "--", TunmuxBinary.Path, .. args],
            new Dictionary<string, string>(lab.Sandbox.Environment) { ["TUNMUX_PORT_FORWARD_GATEWAY"] = $"{GatewayAddress}:{NatPmp.ServerPort}" },
            timeout: TimeSpan.FromMinutes(3));

    /// <summary>A hook that appends "TUNNEL PORT PREVIOUS" per call: an executable script, run without a shell by tunmux.</summary>
    private static string WriteHook(LabSandbox lab, string log)
    {
        var path = Path.Combine(lab.Sandbox.StateDir, "port-changed");
        File.WriteAllText(path, $"#!/bin/sh\necho \"$TUNMUX_TUNNEL $TUNMUX_PORT $TUNMUX_PREVIOUS_PORT\" >> {log}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task<string> WriteManifestAsync(LabSandbox lab, string hook)
    {
        var path = Path.Combine(lab.Sandbox.StateDir, "forwarding.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{name: lab-1}"}
            spec:
              portForwarding: true
              portForwardingHook: ["{hook}"]
              wireguard:
                configFile: "{Path.Combine(lab.LabDir, "exit-1.conf")}"
            """);
        return path;
    }

    private static IReadOnlyList<string> HookLines(string log) => File.Exists(log) ? File.ReadAllLines(log) : [];

    private static async Task<JsonNode> ForwardingAsync(LabSandbox lab)
    {
        var result = (await lab.TunmuxAsync("get", "tunnels", "lab-1", "-o", "json")).EnsureSuccess("get tunnels");
        return JsonNode.Parse(result.Stdout)!["status"]!["portForwarding"]!;
    }

    private static DateTimeOffset Time(JsonNode forwarding, string field) =>
        DateTimeOffset.Parse(forwarding[field]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
