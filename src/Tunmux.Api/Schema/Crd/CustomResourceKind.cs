using Tunmux.Api.Model;

namespace Tunmux.Api.Schema.Crd;

/// <summary>How one tunmux kind is served by the Kubernetes API: its names and the columns kubectl prints.</summary>
public sealed record CustomResourceKind(string Kind, string Plural, IReadOnlyList<PrinterColumn> Columns)
{
    public const string Group = "tunmux.io";

    public const string Version = "v1alpha1";

    /// <summary>Both kinds appear under `kubectl get tunmux`.</summary>
    public const string Category = "tunmux";

    private static readonly PrinterColumn NodesColumn =
        new("Nodes", "string", ".status.nodes[*].node", "The nodes that report this object.");

    private static readonly PrinterColumn AgeColumn =
        new("Age", "date", ".metadata.creationTimestamp", "When the object was created.");

    public static CustomResourceKind Tunnel { get; } = new(
        TunnelManifest.KindName,
        "tunnels",
        [
            new("Provider", "string", ".spec.provider", "Who runs the server."),
            new("Mode", "string", ".spec.mode", "proxy or direct."),
            NodesColumn,
            new("Phase", "string", ".status.nodes[*].phase", "The lifecycle phase on each node, in the order of Nodes."),
            AgeColumn,
        ]);

    public static CustomResourceKind Proxy { get; } = new(
        ProxyManifest.KindName,
        "proxies",
        [
            new("Tunnel", "string", ".spec.tunnelRef", "The Tunnel the traffic leaves through."),
            new("Socks", "string", ".spec.socks.listen", "The SOCKS5 listener."),
            new("Http", "string", ".spec.http.listen", "The HTTP listener."),
            NodesColumn,
            new("Ready", "string", ".status.nodes[*].ready", "Whether the proxy listens on each node, in the order of Nodes."),
            AgeColumn,
        ]);

    public static IReadOnlyList<CustomResourceKind> All { get; } = [Tunnel, Proxy];

    /// <summary>"tunnels.tunmux.io".</summary>
    public string FullName => $"{Plural}.{Group}";

    public string Singular => Kind.ToLowerInvariant();

    /// <summary>Where the chart keeps the definition: "tunnels.tunmux.io.yaml".</summary>
    public string FileName => $"{FullName}.yaml";
}
