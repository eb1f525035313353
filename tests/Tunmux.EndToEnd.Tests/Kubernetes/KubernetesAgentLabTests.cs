using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing;

namespace Tunmux.EndToEnd.Tests.Kubernetes;

/// <summary>
/// Issue #11 on the lab: the real tunmux-agent, inside a sandbox playing one node, takes Tunnels and
/// Proxies from the fake API server and runs them as exits that carry traffic, writes its status
/// entry back, follows edits and deletes, skips objects meant for other nodes, leaves the exits
/// running while the API server is away, and picks up a Secret that kubelet swapped.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KubernetesAgentLabTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Past the agent's longest reconnect backoff (30 s) with room for a loaded machine.</summary>
    private static readonly TimeSpan ReconnectLimit = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> ExitNodeLabels = new() { ["tunmux.io/exit"] = "true" };

    [RootFact]
    public async Task Objects_for_this_node_become_working_exits_with_status_written_back_and_are_torn_down_exactly_when_deleted()
    {
        await using var cluster = await LabCluster.StartAsync(exits: 2, ExitNodeLabels);
        var lab = cluster.Lab;
        cluster.CreateExit(1, socksPort: 1080);
        cluster.CreateExit(2, socksPort: 1081, nodeSelector: new Dictionary<string, string> { ["tunmux.io/exit"] = "false" });
        await using var agent = await cluster.StartAgentAsync();

        // Created -> an exit on this node that carries traffic, with the credentials from the Secret.
        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1080) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 to carry traffic through its SOCKS port");
        (await lab.CurlAsync("--proxy", "socks5h://pod:wrong@127.0.0.1:1080", maxSeconds: 3)).Should().BeNull("the proxy takes only the Secret's credentials");

        // Status written back through the /status subresource: this node's entry, its generation, Events, the Lease.
        await Eventually.ThatAsync(() => Task.FromResult(cluster.NodeEntry(CustomResourceKind.Tunnel, "lab-1")?["phase"]?.GetValue<string>() == "Connected"), Limit, "lab-1's status entry to say Connected");
        var tunnelEntry = cluster.NodeEntry(CustomResourceKind.Tunnel, "lab-1")!;
        tunnelEntry["ready"]!.GetValue<string>().Should().Be("True");
        tunnelEntry["observedGeneration"]!.GetValue<long>().Should().Be(1);
        var readyCondition = tunnelEntry["conditions"]!.AsArray().OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "Ready");
        readyCondition["status"]!.GetValue<string>().Should().Be("True");
        readyCondition["lastTransitionTime"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        await Eventually.ThatAsync(() => Task.FromResult(cluster.NodeEntry(CustomResourceKind.Proxy, "lab-1")?["phase"]?.GetValue<string>() == "Listening"), Limit, "the proxy's status entry");
        cluster.Server.Requests.Should().Contain(r => r.Verb == "patch" && r.Resource == "tunnels" && r.Subresource == "status");
        await Eventually.ThatAsync(() => Task.FromResult(cluster.Server.Events.Any(e => e["reason"]?.GetValue<string>() == "TunnelUp" && e["involvedObject"]?["name"]?.GetValue<string>() == "lab-1")), Limit, "the TunnelUp event");
        // Waited for, not read once: a missing Lease must fail the test, not skip the check.
        await Eventually.ThatAsync(
            () => Task.FromResult(cluster.Server.Lease(LabCluster.AgentNamespace, $"tunmux-agent-{LabCluster.Node}")?["spec"]?["holderIdentity"]?.GetValue<string>() == LabCluster.Node),
            Limit,
            "the agent's Lease to name this node as its holder");

        // nodeSelector not matching this node's labels: not run here, and no entry written for it.
        (await lab.Sandbox.OwnNamespacesAsync()).Should().NotContain(lab.Sandbox.NamespacePrefix + "lab-2");
        (await cluster.ViaSocksAsync(1081, maxSeconds: 2)).Should().BeNull("lab-2 is meant for other nodes");
        cluster.NodeEntry(CustomResourceKind.Tunnel, "lab-2").Should().BeNull();

        // The key never leaves the Secret: not in the log, the status, the Events or the agent's argv.
        var key = cluster.ClientConfig(1).PrivateKey;
        agent.Log.Should().NotContain(key);
        cluster.Server.Get(CustomResourceKind.Tunnel, "lab-1")!.ToJsonString().Should().NotContain(key);
        string.Join("\n", cluster.Server.Events.Select(e => e.ToJsonString())).Should().NotContain(key);
        (await File.ReadAllTextAsync($"/proc/{agent.Pid}/cmdline")).Should().NotContain(key);

        // Edited -> the host follows: the proxy moves to another port, and the entry to the new generation.
        cluster.Server.UpdateSpec(CustomResourceKind.Proxy, "lab-1", LabCluster.ProxySpec("lab-1", 1090));
        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1090, maxSeconds: 2) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 on its new port");
        (await cluster.ViaSocksAsync(1080, maxSeconds: 2)).Should().BeNull("the old port is closed");
        await Eventually.ThatAsync(() => Task.FromResult(cluster.NodeEntry(CustomResourceKind.Proxy, "lab-1")?["observedGeneration"]?.GetValue<long>() == 2), Limit, "the proxy's entry to observe generation 2");

        // Broken on the host -> repaired from the cluster's spec.
        var worker = await ExitRecords.ProxyWorkerPidAsync(lab, "lab-1");
        (await Run.ProgramAsync(["kill", "-9", worker.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill the proxy worker");
        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1090, maxSeconds: 2) == LabSandbox.PublicAddressOf(1), Limit, "the killed proxy worker to be replaced");

        // Deleted -> exactly what it made goes: namespace, wireguard-go, worker, records; the rest of the node stays.
        var wireGuard = await ExitRecords.WireGuardPidAsync(lab, "lab-1");
        worker = await ExitRecords.ProxyWorkerPidAsync(lab, "lab-1");
        cluster.Server.Delete(CustomResourceKind.Proxy, "lab-1");
        cluster.Server.Delete(CustomResourceKind.Tunnel, "lab-1");
        await Eventually.ThatAsync(async () => !(await lab.Sandbox.OwnNamespacesAsync()).Contains(lab.Sandbox.NamespacePrefix + "lab-1"), Limit, "lab-1's namespace to be removed");
        await Eventually.ThatAsync(() => Task.FromResult(LabSandbox.ProcessGone(wireGuard) && LabSandbox.ProcessGone(worker)), Limit, "lab-1's processes to end");
        // A record goes once what it describes is gone, so it may outlive the namespace by a moment.
        await Eventually.ThatAsync(() => Task.FromResult(ExitRecords.All(lab).Length == 0), Limit, "lab-1's records to be removed");
        (await lab.Sandbox.OwnNamespacesAsync()).Should().Contain(lab.ExitNamespaceOf(1), "the lab's own exit server was not ours to remove");
        (await cluster.ViaSocksAsync(1090, maxSeconds: 2)).Should().BeNull();
    }

    [RootFact]
    public async Task Exits_keep_running_while_the_API_server_is_unreachable_and_what_changed_meanwhile_arrives_after()
    {
        await using var cluster = await LabCluster.StartAsync(exits: 1, ExitNodeLabels);
        cluster.CreateExit(1, socksPort: 1080);
        await using var agent = await cluster.StartAgentAsync();
        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1080) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 to carry traffic");
        var namespaces = await cluster.Lab.Sandbox.OwnNamespacesAsync();
        var wireGuard = await ExitRecords.WireGuardPidAsync(cluster.Lab, "lab-1");

        await cluster.CutApiServerAsync();
        // Both watches noticed and have failed to come back at least twice.
        await Eventually.ThatAsync(() => Task.FromResult(Count(agent.Log, "watching tunnels failed") >= 2 && Count(agent.Log, "watching proxies failed") >= 2), ReconnectLimit, "the agent to try the API server again and fail");

        (await cluster.ViaSocksAsync(1080)).Should().Be(LabSandbox.PublicAddressOf(1), "an unreachable API server is not a request to tear anything down");
        (await cluster.Lab.Sandbox.OwnNamespacesAsync()).Should().BeEquivalentTo(namespaces);
        LabSandbox.ProcessGone(wireGuard).Should().BeFalse();

        // Changed while the agent could not see it: the proxy moves. Once the API server is back the change arrives.
        cluster.Server.UpdateSpec(CustomResourceKind.Proxy, "lab-1", LabCluster.ProxySpec("lab-1", 1090));
        cluster.RestoreApiServer();
        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1090, maxSeconds: 2) == LabSandbox.PublicAddressOf(1), ReconnectLimit, "the edit made during the outage to reach the node");
        LabSandbox.ProcessGone(wireGuard).Should().BeFalse("a proxy edit does not rebuild the tunnel");
    }

    [RootFact]
    public async Task An_exit_deleted_while_no_agent_runs_is_removed_by_the_next_agent_and_a_stop_leaves_exits_up()
    {
        await using var cluster = await LabCluster.StartAsync(exits: 1, ExitNodeLabels);
        var lab = cluster.Lab;
        cluster.CreateExit(1, socksPort: 1080);
        var agent = await cluster.StartAgentAsync();
        try
        {
            await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1080) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 to carry traffic");
            var wireGuard = await ExitRecords.WireGuardPidAsync(lab, "lab-1");

            // A drain: SIGTERM leaves the tunnel up for the next agent (no --teardown-on-stop).
            await agent.StopAsync();
            LabSandbox.ProcessGone(wireGuard).Should().BeFalse("the tunnel outlives the agent");
            (await lab.Sandbox.OwnNamespacesAsync()).Should().Contain(lab.Sandbox.NamespacePrefix + "lab-1");

            // Deleted in the cluster while no agent runs: the next agent lists, finds no such object, and removes
            // what the node's records say it made (no finalizer needed: the records are the node's own memory).
            cluster.Server.Delete(CustomResourceKind.Proxy, "lab-1");
            cluster.Server.Delete(CustomResourceKind.Tunnel, "lab-1");
            await agent.DisposeAsync();
            agent = await cluster.StartAgentAsync();
            await Eventually.ThatAsync(async () => !(await lab.Sandbox.OwnNamespacesAsync()).Contains(lab.Sandbox.NamespacePrefix + "lab-1"), Limit, "the next agent to remove lab-1");
            await Eventually.ThatAsync(() => Task.FromResult(LabSandbox.ProcessGone(wireGuard)), Limit, "lab-1's wireguard-go to end");
            // A record goes once what it describes is gone, so it may outlive the namespace by a moment.
        await Eventually.ThatAsync(() => Task.FromResult(ExitRecords.All(lab).Length == 0), Limit, "lab-1's records to be removed");
        }
        finally
        {
            await agent.DisposeAsync();
        }
    }

    [RootFact]
    public async Task A_key_swapped_into_the_Secret_the_kubelet_way_reaches_the_exit()
    {
        await using var cluster = await LabCluster.StartAsync(exits: 1, ExitNodeLabels);
        var rightKey = cluster.ClientConfig(1).PrivateKey;
        // The Secret first holds a key the exit's server does not know: the tunnel comes up but cannot handshake.
        cluster.UpdateSecret(LabCluster.KeyFile(1), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        var before = cluster.Secrets.Current;
        cluster.CreateExit(1, socksPort: 1080);
        // No periodic pass in this test's time: only the swap itself can bring the new key in.
        await using var agent = await cluster.StartAgentAsync("--resync", "1h");
        await Eventually.ThatAsync(() => Task.FromResult(File.Exists(Path.Combine(cluster.Lab.Sandbox.StateDir, "records", "proxies", "lab-1.json"))), Limit, "lab-1 to be built");
        (await cluster.ViaSocksAsync(1080, maxSeconds: 3)).Should().BeNull("the exit's server refuses the wrong key");

        // kubelet: a new timestamped folder, "..data_tmp" -> it, renamed over "..data"; the key file itself is a symlink that never changes.
        cluster.UpdateSecret(LabCluster.KeyFile(1), rightKey + "\n");
        cluster.Secrets.Current.Should().NotBe(before);
        new FileInfo(Path.Combine(cluster.Secrets.Directory, LabCluster.KeyFile(1))).LinkTarget.Should().Be(Path.Combine("..data", LabCluster.KeyFile(1)));

        await Eventually.ThatAsync(async () => await cluster.ViaSocksAsync(1080, maxSeconds: 2) == LabSandbox.PublicAddressOf(1), Limit, "the swapped-in key to reach the exit");
        agent.Log.Should().NotContain(rightKey);
    }

    [RootFact]
    public async Task In_configMap_mode_a_ConfigMap_swapped_the_kubelet_way_moves_the_exit()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var documents = (await File.ReadAllTextAsync(lab.Manifest)).Split("\n---\n").Where(d => d.Contains("name: lab-1", StringComparison.Ordinal)).ToList();
        var manifest = string.Join("\n---\n", documents);
        var volume = new KubeletVolume(Path.Combine(lab.Sandbox.StateDir, "manifests"), new Dictionary<string, string> { ["exits.yaml"] = manifest });
        // The chart's configMap source mode: the ConfigMap mounted as --manifests; no periodic pass to help.
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox, "--manifests", volume.Directory, "--resync", "1h");
        await Eventually.ThatAsync(async () => await lab.ViaSocksAsync(1, 2) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 from the ConfigMap");

        volume.Update(new Dictionary<string, string> { ["exits.yaml"] = manifest.Replace("127.0.0.1:1080", "127.0.0.1:1095", StringComparison.Ordinal) });

        await Eventually.ThatAsync(async () => await lab.CurlAsync("--socks5-hostname", "127.0.0.1:1095", maxSeconds: 2) == LabSandbox.PublicAddressOf(1), Limit, "lab-1 on the port of the swapped-in ConfigMap");
        (await lab.ViaSocksAsync(1, 2)).Should().BeNull("the old port is closed");
    }

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
