using System.Net;
using Tunmux.Daemon.Control;
using Tunmux.Runtime.Controller;

namespace Tunmux.Daemon;

/// <summary>How the daemon runs. Flags override the config file, which overrides these defaults.</summary>
public sealed record DaemonOptions
{
    /// <summary>A GitOps folder holding the complete desired set, or null for socket applies only.</summary>
    public string? ManifestsDirectory { get; init; }

    public string SocketPath { get; init; } = ControlProtocol.DefaultSocketPath;

    /// <summary>Members of this group (primary or supplementary) may use the control socket.</summary>
    public string Group { get; init; } = ControlProtocol.DefaultGroup;

    /// <summary>Prometheus endpoint; null turns it off.</summary>
    public IPEndPoint? MetricsEndpoint { get; init; } = new(IPAddress.Loopback, 9477);

    /// <summary>The control loop's cadences, health policy and stop behaviour.</summary>
    public ControllerOptions Controller { get; init; } = new();

    /// <summary>How often direct mode reads the kill switch back and repairs drift (and the tunnel, routes, DNS).</summary>
    public TimeSpan DirectDriftInterval { get; init; } = TimeSpan.FromSeconds(5);
}
