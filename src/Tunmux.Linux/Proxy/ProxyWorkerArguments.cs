namespace Tunmux.Linux.Proxy;

/// <summary>
/// A proxy worker's command line as read back by <see cref="ProxyWorkerCommand.TryParse"/>: the
/// values as text, checked and converted by the worker itself.
/// </summary>
public sealed record ProxyWorkerArguments(string Name, string ListenNamespace)
{
    public string? ReadyFile { get; init; }

    /// <summary>Where the worker publishes its connection counts (<see cref="ProxyStatsPublisher"/>), or null.</summary>
    public string? StatsFile { get; init; }

    public string? Socks { get; init; }

    public string? Http { get; init; }

    public bool AccessLog { get; init; }

    public string? CredentialsFile { get; init; }

    public string? ConnectTimeout { get; init; }

    public string? HandshakeTimeout { get; init; }

    public string? IdleTimeout { get; init; }

    public string? MaxConnections { get; init; }

    /// <summary>The tunnel's DNS servers ("IP,IP" or "none"); null only for `proxy serve`, which uses the host's resolver.</summary>
    public string? Dns { get; init; }
}
