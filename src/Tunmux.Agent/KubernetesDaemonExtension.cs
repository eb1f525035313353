using System.CommandLine;
using k8s.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tunmux.Cli.Daemon;
using Tunmux.Daemon;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon.Hosting;
using Tunmux.Kubernetes;
using Tunmux.Runtime.Controller;

namespace Tunmux.Agent;

/// <summary>`tunmux daemon --kubernetes`: the cluster's Tunnels and Proxies for this node as one more declared-state source.</summary>
public sealed class KubernetesDaemonExtension : DaemonExtension
{
    private readonly Option<bool> _kubernetes = new("--kubernetes") { Description = "Take Tunnels and Proxies from the Kubernetes API (the DaemonSet agent): those whose spec.nodeSelector matches this node." };
    private readonly Option<string?> _node = new("--node-name") { Description = "This node's name (default: TUNMUX_NODE_NAME, set from the downward API by the chart)." };
    private readonly Option<string?> _namespace = new("--namespace") { Description = "Where the agent keeps its Lease and records Events (default: TUNMUX_NAMESPACE, else tunmux-system)." };
    private readonly Option<string?> _kubeconfig = new Option<string?>("--kubeconfig") { Description = "A kubeconfig file (development); default: the pod's service account." }.AsPath();
    private readonly Option<string?> _secrets = new Option<string?>("--secrets-dir") { Description = "Where Secrets are mounted; relative key and credential files in specs resolve here (default /etc/tunmux/secrets)." }.AsPath();
    private KubernetesSource? _source;
    private AgentOptions? _options;
    private k8s.IKubernetes? _client;

    public override string Flag => "--kubernetes";

    public override IReadOnlyList<IDeclaredSource> Sources => _source is { } source && _options is { } options ? [new KubernetesDeclaredSource(source, new MountedSecrets(options.SecretsDirectory))] : [];

    public override void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _kubernetes, _node, _namespace, _kubeconfig, _secrets })
        {
            command.Options.Add(option);
        }
    }

    public override bool IsRequested(ParseResult parse) => parse?.GetValue(_kubernetes) == true;

    public override DaemonOptions Configure(ParseResult parse, DaemonOptions options, Func<string, string?> environment, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problems);
        var node = parse.GetValue(_node) ?? environment("TUNMUX_NODE_NAME");
        if (string.IsNullOrWhiteSpace(node))
        {
            problems.Add("--kubernetes needs this node's name: --node-name or TUNMUX_NODE_NAME (the chart sets it from spec.nodeName)");
            return options;
        }

        _options = new AgentOptions
        {
            NodeName = node,
            Namespace = parse.GetValue(_namespace) ?? environment("TUNMUX_NAMESPACE") ?? "tunmux-system",
            Kubeconfig = parse.GetValue(_kubeconfig) ?? environment("KUBECONFIG"),
            SecretsDirectory = parse.GetValue(_secrets) ?? "/etc/tunmux/secrets",
        };
        try
        {
            _client = ClusterConnection.Open(_options);
        }
        catch (KubeConfigException e)
        {
            problems.Add($"cannot reach the Kubernetes API: {e.Message}");
            return options;
        }

        _source = new KubernetesSource();
        // Kubelet probes and Prometheus reach the agent on the node's address.
        return options with { MetricsAllowNonLoopback = true };
    }

    public override void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (_source is not { } source || _options is not { } options || _client is not { } client)
        {
            return;
        }

        services.AddSingleton(sp => new KubernetesAgent(client, options, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KubernetesAgent>(), source: source));
        services.AddHostedService(sp => new KubernetesAgentService(sp.GetRequiredService<KubernetesAgent>(), sp.GetRequiredService<ControlLoop>()));
        services.AddSingleton(sp =>
        {
            var readiness = new Readiness();
            readiness.Add(() => source.Ready);
            return readiness;
        });
    }

    public override Task BeforeLoopAsync(CancellationToken cancellationToken) =>
        _source?.FirstObservation.WaitAsync(cancellationToken) ?? Task.CompletedTask;
}
