using System.Net;

namespace Tunmux.Daemon.Metrics.Http;

/// <summary>Where and how the metrics endpoint listens.</summary>
public sealed record MetricsServerOptions
{
    public const int DefaultPort = 9477;

    /// <summary>Loopback by default: metrics reveal which tunnels exist, so they stay on the machine.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Must be set to listen anywhere but loopback (e.g. for a remote Prometheus).</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>How long a client may take to send its request and read the answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest request line plus headers accepted; a longer one gets 431.</summary>
    public int MaxRequestHeadBytes { get; init; } = 8 * 1024;

    /// <summary>What <c>/readyz</c> answers; ready by default.</summary>
    public Func<bool> Ready { get; init; } = () => true;

    /// <summary>Connections served at once; more wait in the kernel's accept queue.</summary>
    public int MaxConcurrentConnections { get; init; } = 16;
}
