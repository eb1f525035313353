using System.Net;
using Tunmux.Core.Lifecycle;
using Tunmux.Daemon.Control;

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

    /// <summary>Every key is reconciled at least this often, whatever happens.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often direct mode reads the kill switch back and repairs drift (and the tunnel, routes, DNS).</summary>
    public TimeSpan DirectDriftInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often processes and namespaces are checked for drift (cheap /proc and /run reads).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Health and recovery: how old a handshake may get, the grace after a (re)connect, how many
    /// reconnects before a failover. Tests shorten these to seconds.
    /// </summary>
    public LifecyclePolicy Lifecycle { get; init; } = LifecyclePolicy.Default;

    /// <summary>Remove every exit when the daemon stops; by default they stay up and the next start adopts them.</summary>
    public bool TeardownOnStop { get; init; }
}
