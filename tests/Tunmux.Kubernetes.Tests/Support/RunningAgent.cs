using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Runtime.Status;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>An agent for one node, connected to a fake API server through a kubeconfig, running until disposed.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _changes;

    private RunningAgent(FakeApiServer server, string node, Func<LiveStatus> live, string folder)
    {
        Options = new AgentOptions
        {
            NodeName = node,
            Namespace = "tunmux-test",
            Kubeconfig = server.WriteKubeconfig(Path.Combine(folder, $"kubeconfig-{node}")),
            SecretsDirectory = folder,
            StatusInterval = TimeSpan.FromMilliseconds(50),
            LeaseDuration = TimeSpan.FromSeconds(3),
            NodeLabelsInterval = TimeSpan.FromSeconds(1),
            BackoffInitial = TimeSpan.FromMilliseconds(20),
            BackoffMax = TimeSpan.FromMilliseconds(200),
        };
        Client = ClusterConnection.Open(Options);
        Agent = new KubernetesAgent(Client, Options, NullLogger.Instance);
        Agent.Source.Changed += () => Interlocked.Increment(ref _changes);
        _running = Task.Run(() => Agent.RunAsync(live, _stop.Token));
    }

    public AgentOptions Options { get; }

    public IKubernetes Client { get; }

    public KubernetesAgent Agent { get; }

    public KubernetesSource Source => Agent.Source;

    /// <summary>How often the source said its set may have changed.</summary>
    public int Changes => Volatile.Read(ref _changes);

    public static async Task<RunningAgent> StartAsync(FakeApiServer server, string node, string folder, Func<LiveStatus>? live = null)
    {
        var agent = new RunningAgent(server, node, live ?? (() => LiveStatus.Empty), folder);
        await Eventually.ThatAsync(() => agent.Source.Ready, $"agent {node} to list both kinds");
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        Client.Dispose();
        _stop.Dispose();
    }
}
