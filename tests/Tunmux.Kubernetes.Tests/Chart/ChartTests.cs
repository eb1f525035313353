using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Kubernetes.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Tunmux.Kubernetes.Tests.Chart;

/// <summary>charts/tunmux rendered for its default values (issue #11): the DaemonSet's privileges, mounts and probes, and RBAC that matches what the agent calls.</summary>
public sealed class ChartTests
{
    private static YamlMappingNode Agent(RenderedChart chart) =>
        (YamlMappingNode)chart.Single("DaemonSet").Items("spec", "template", "spec", "containers").Single();

    [Fact]
    public void The_daemonset_runs_on_the_host_network_as_node_critical_on_every_node()
    {
        var pod = RenderedChart.Render().Single("DaemonSet").At("spec", "template", "spec")!;

        pod.Text("hostNetwork").Should().Be("true");
        pod.Text("dnsPolicy").Should().Be("ClusterFirstWithHostNet");
        pod.Text("priorityClassName").Should().Be("system-node-critical");
        pod.Text("serviceAccountName").Should().Be("tunmux-agent");
        pod.Items("tolerations").Single().Text("operator").Should().Be("Exists");
        pod.Text("nodeSelector", "kubernetes.io/os").Should().Be("linux");
    }

    [Fact]
    public void The_agent_gets_exactly_the_capabilities_it_needs_or_privileged_when_asked()
    {
        var context = Agent(RenderedChart.Render()).At("securityContext")!;
        var values = RenderedChart.DefaultValues();
        values["privileged"] = "true";
        var privileged = Agent(RenderedChart.Render(values)).At("securityContext")!;

        context.Text("privileged").Should().Be("false");
        context.Texts("capabilities", "add").Should().BeEquivalentTo("NET_ADMIN", "SYS_ADMIN", "NET_RAW");
        context.Texts("capabilities", "drop").Should().Equal("ALL");
        privileged.Text("privileged").Should().Be("true");
        privileged.At("capabilities").Should().BeNull();
    }

    [Fact]
    public void The_host_paths_are_mounted_as_the_agent_needs_them()
    {
        var chart = RenderedChart.Render();
        var volumes = chart.Single("DaemonSet").Items("spec", "template", "spec", "volumes").ToDictionary(v => v.Text("name")!);
        var mounts = Agent(chart).Items("volumeMounts").ToDictionary(m => m.Text("name")!);

        volumes["dev-net-tun"].Text("hostPath", "path").Should().Be("/dev/net/tun");
        volumes["dev-net-tun"].Text("hostPath", "type").Should().Be("CharDevice");
        mounts["dev-net-tun"].Text("mountPath").Should().Be("/dev/net/tun");
        volumes["netns"].Text("hostPath", "path").Should().Be("/run/netns");
        mounts["netns"].Text("mountPath").Should().Be("/run/netns");
        mounts["netns"].Text("mountPropagation").Should().Be("Bidirectional");
        volumes["wireguard"].Text("hostPath", "path").Should().Be("/var/run/wireguard");
        mounts["wireguard"].Text("mountPath").Should().Be("/var/run/wireguard");
        volumes["secrets"].Text("secret", "secretName").Should().Be("tunmux-secrets");
        mounts["secrets"].Text("mountPath").Should().Be("/etc/tunmux/secrets");
        mounts["secrets"].Text("readOnly").Should().Be("true");
        mounts.Should().NotContainKey("manifests", "the crd source mode needs no ConfigMap");
    }

    [Fact]
    public void The_probes_use_the_health_endpoints_on_the_metrics_port()
    {
        var agent = Agent(RenderedChart.Render());

        agent.Text("livenessProbe", "httpGet", "path").Should().Be("/healthz");
        agent.Text("readinessProbe", "httpGet", "path").Should().Be("/readyz");
        agent.Text("livenessProbe", "httpGet", "port").Should().Be("metrics");
        agent.Items("ports").Single().Text("containerPort").Should().Be("9477");
        agent.Texts("args").Should().Equal("daemon", "--kubernetes", "--metrics=0.0.0.0:9477", "--secrets-dir=/etc/tunmux/secrets");
        agent.Items("env").Single(e => e.Text("name") == "TUNMUX_NODE_NAME").Text("valueFrom", "fieldRef", "fieldPath").Should().Be("spec.nodeName");
    }

    [Fact]
    public void The_configMap_mode_mounts_the_manifests_and_asks_for_no_API_access()
    {
        var values = RenderedChart.DefaultValues();
        ((Dictionary<object, object?>)values["source"]!)["mode"] = "configMap";
        var chart = RenderedChart.Render(values);
        var agent = Agent(chart);

        agent.Texts("args").Should().Contain("--manifests=/etc/tunmux/manifests").And.NotContain("--kubernetes");
        agent.Items("volumeMounts").Should().Contain(m => m.Text("mountPath") == "/etc/tunmux/manifests");
        chart.All("ClusterRole").Should().BeEmpty();
        chart.All("Role").Should().BeEmpty();
    }

    [Fact]
    public void The_ServiceMonitor_exists_only_where_the_monitoring_API_is_served()
    {
        RenderedChart.Render().All("ServiceMonitor").Should().BeEmpty();
        RenderedChart.Render().Single("Service").Items("spec", "ports").Single().Text("name").Should().Be("metrics");

        var monitored = RenderedChart.Render(null, "monitoring.coreos.com/v1").Single("ServiceMonitor");

        monitored.Items("spec", "endpoints").Single().Text("port").Should().Be("metrics");
    }

    [Fact]
    public void The_notes_tell_how_a_pod_reaches_its_nodes_exit()
    {
        var notes = RenderedChart.Render().Notes;

        notes.Should().Contain("socks5h://").And.Contain("$(NODE_IP):1080").And.Contain("tunmux-system").And.NotContain("{{");
    }

    [Fact]
    public void The_CRDs_in_the_chart_parse_as_YAML_definitions()
    {
        foreach (var kind in CustomResourceKind.All)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(Path.Combine(RenderedChart.Folder, "crds", kind.FileName))));
            var crd = (YamlMappingNode)stream.Documents.Single().RootNode;

            crd.Text("kind").Should().Be("CustomResourceDefinition");
            crd.Text("metadata", "name").Should().Be(kind.FullName);
        }
    }

    [Fact]
    public async Task The_RBAC_rules_grant_exactly_what_the_agent_calls()
    {
        var calls = await AgentCallsAsync();
        var chart = RenderedChart.Render();
        var clusterRules = Grants(chart.Single("ClusterRole"));
        var namespacedRules = Grants(chart.Single("Role"));
        chart.Single("Role").Text("metadata", "namespace").Should().Be("tunmux-system");

        var needed = calls.Select(c => (c.Verb, c.Group, Resource: c.Subresource.Length > 0 ? $"{c.Resource}/{c.Subresource}" : c.Resource, Namespaced: c.Namespace.Length > 0)).ToHashSet();

        needed.Where(n => n.Namespaced).Select(n => (n.Verb, n.Group, n.Resource)).Should().BeEquivalentTo(namespacedRules, "the Role covers the Lease and Events, nothing more");
        needed.Where(n => !n.Namespaced).Select(n => (n.Verb, n.Group, n.Resource)).Should().BeEquivalentTo(clusterRules, "the ClusterRole covers the watched kinds, their status and the node, nothing more");
        clusterRules.Concat(namespacedRules).Should().NotContain(r => r.Verb == "*" || r.Group == "*" || r.Resource == "*", "no wildcard grants");
        clusterRules.Concat(namespacedRules).Should().NotContain(r => r.Resource == "secrets", "keys come from the mounted Secret, never through the API");
        chart.Single("ClusterRoleBinding").Text("roleRef", "name").Should().Be("tunmux-agent");
        chart.Single("RoleBinding").Items("subjects").Single().Text("name").Should().Be("tunmux-agent");
    }

    private static HashSet<(string Verb, string Group, string Resource)> Grants(YamlMappingNode role) =>
        role.Items("rules").SelectMany(rule =>
            from verb in rule.Texts("verbs")
            from grp in rule.Texts("apiGroups")
            from resource in rule.Texts("resources")
            select (verb, grp, resource)).ToHashSet();

    /// <summary>Runs an agent against the fake through every path it has (objects, status, events, lease renewals) and returns what it called.</summary>
    private static async Task<IReadOnlyList<ApiRequest>> AgentCallsAsync()
    {
        var folder = Directory.CreateTempSubdirectory("tunmux-rbac-").FullName;
        try
        {
            await using var server = FakeApiServer.Start();
            server.SetNode("node-a", new Dictionary<string, string>());
            server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
            server.Create(CustomResourceKind.Proxy, "exit-1", Specs.Proxy("exit-1"));
            var live = new Live();
            live.Tunnel("exit-1", "Connected", ready: true);
            await using (var agent = await RunningAgent.StartAsync(server, "node-a", folder, () => live.Current))
            {
                await Eventually.ThatAsync(
                    () => server.Events.Count > 0 && agent.Agent.Lease.Renewals >= 2 && server.Requests.Any(r => r.Resource == "proxies" && r.Subresource == "status"),
                    "status, an event and a lease renewal");
            }

            var calls = server.Requests.ToList();
            calls.Should().Contain(c => c.Verb == "update" && c.Resource == "leases");
            return calls;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
