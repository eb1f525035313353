namespace Tunmux.Kubernetes;

/// <summary>How the Kubernetes agent on one node runs.</summary>
public sealed record AgentOptions
{
    /// <summary>This node's name, from the downward API (spec.nodeName) in the pod.</summary>
    public required string NodeName { get; init; }

    /// <summary>Where the agent keeps its Lease and records Events: the pod's namespace.</summary>
    public string Namespace { get; init; } = "tunmux-system";

    /// <summary>A kubeconfig file for development; null means the in-cluster service account.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Relative file references in specs (keys, credentials) resolve here, where the Secrets are mounted.</summary>
    public string SecretsDirectory { get; init; } = "/etc/tunmux/secrets";

    /// <summary>How long the Lease says the agent is alive for; it is renewed three times as often.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often this node's status entries are compared with what was last written.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Node labels are read again this often (a relabelled node picks other tunnels).</summary>
    public TimeSpan NodeLabelsInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A watch asks the server to end it after this long; it is then resumed from the last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Reconnect delays grow from the first to the last, with jitter.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>"tunmux-agent-NODE": the field manager of this node's status entries, and its Lease's name.</summary>
    public string Identity => $"tunmux-agent-{NodeName}";
}
