using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Apply;

/// <summary>Tests that break or tear down their lab, so each builds its own.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeleteAndFailClosedTests
{
    [RootFact]
    public async Task Delete_all_leaves_no_namespace_interface_process_socket_or_record()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        await lab.ApplyAsync();
        var workers = (await lab.ProxyPidsAsync()).Values.ToList();
        var wireguards = lab.WireGuardPids().Values.ToList();
        workers.Should().NotBeEmpty();

        (await lab.TunmuxAsync("delete", "--all")).EnsureSuccess("delete --all");

        (await lab.Sandbox.OwnNamespacesAsync()).Should().NotContain(n => n.StartsWith(lab.Sandbox.NamespacePrefix, StringComparison.Ordinal));
        workers.Concat(wireguards).Should().OnlyContain(pid => LabSandbox.ProcessGone(pid));
        lab.Sandbox.OwnWireGuardSockets().Should().NotContain(s => Path.GetFileName(s).StartsWith(lab.Sandbox.InterfacePrefix, StringComparison.Ordinal));
        var links = await lab.Sandbox.ExecAsync(["ip", "-o", "link", "show"]);
        links.Stdout.Should().NotContain(lab.Sandbox.InterfacePrefix, "no tunnel interface is left in the host namespace");
        Directory.GetFiles(Path.Combine(lab.Sandbox.StateDir, "records"), "*.json", SearchOption.AllDirectories).Should().BeEmpty();
        File.Exists(Path.Combine(lab.Sandbox.StateDir, "declared.yaml")).Should().BeFalse();
    }

    [RootFact]
    public async Task Traffic_fails_closed_when_the_exit_server_stops()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        await lab.ApplyAsync();
        (await lab.ViaSocksAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));

        // Stop the lab's WireGuard server for exit 1: the tunnel is dead from now on.
        var serverNamespace = lab.Sandbox.LabPrefix + "exit1";
        var pids = await Run.ProgramAsync(["ip", "netns", "pids", serverNamespace]);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var comm = await File.ReadAllTextAsync($"/proc/{pid.Trim()}/comm");
            if (comm.Trim() == "wireguard-go")
            {
                (await Run.ProgramAsync(["kill", "-9", pid.Trim()])).EnsureSuccess("kill lab wireguard-go");
            }
        }

        var seenBefore = lab.WhoamiLines().Count;
        (await lab.ViaSocksAsync(1, maxSeconds: 4)).Should().BeNull("the SOCKS request has no way out");
        // The HTTP proxy answers for itself when the exit is dead: a 502/504 of its own (names are
        // resolved through the dead tunnel, so "name not resolved"), or no answer at all; never the page.
        foreach (var url in new[] { "http://whoami.lab/", "http://198.19.255.1/" })
        {
            var viaHttp = await lab.Sandbox.ExecAsync(["curl", "-sS", "--max-time", "4", "-o", "/dev/null", "-w", "%{http_code}", "--proxy", $"http://127.0.0.1:{LabSandbox.HttpPortOf(1)}", url]);
            viaHttp.Stdout.Trim().Should().BeOneOf(["000", "502", "504"], $"the HTTP request to {url} has no way out, not even to an address literal");
        }

        lab.WhoamiLines().Count.Should().Be(seenBefore, "nothing reached the endpoint by any other path");
    }
}
