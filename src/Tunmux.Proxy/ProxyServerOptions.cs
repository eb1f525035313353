namespace Tunmux.Proxy;

/// <summary>Engine settings. Every value has a safe default.</summary>
public sealed record ProxyServerOptions
{
    /// <summary>Shown in logs and the access log, to tell several proxies apart.</summary>
    public string Name { get; init; } = "proxy";

    /// <summary>Name resolution plus TCP connect to the target, all addresses tried included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>From accept until the client has sent a complete SOCKS request or HTTP request head.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection (or UDP association) with no traffic either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Connections over this limit are accepted and closed at once. The default leaves room for
    /// 10,000 held connections (bench/proxy.sh holds that many); each costs two descriptors and a
    /// few KiB while idle.
    /// </summary>
    public int MaxConnections { get; init; } = 16_384;

    /// <summary>After stop, open connections get this long to finish before they are cut.</summary>
    public TimeSpan DrainGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One line per connection (per request for forwarded HTTP). Off by default.</summary>
    public bool AccessLogEnabled { get; init; }

    /// <summary>Where access log lines go; null means the "Tunmux.Proxy.Access" logger.</summary>
    public IAccessLogSink? AccessLogSink { get; init; }

    /// <summary>When set, SOCKS5 requires username/password, HTTP requires Basic, and SOCKS4 is refused.</summary>
    public ProxyCredentials? Credentials { get; init; }

    /// <summary>Request (and response) heads larger than this get 431 (or 502).</summary>
    public int MaxHttpHeaderBytes { get; init; } = 64 * 1024;

    public RelayMode Relay { get; init; } = RelayMode.Auto;

    /// <summary>Buffer rented per active direction by the managed relay.</summary>
    public int RelayBufferBytes { get; init; } = 16 * 1024;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout));
        RequirePositive(IdleTimeout, nameof(IdleTimeout));
        if (DrainGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DrainGracePeriod), "must not be negative");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHttpHeaderBytes, 1024, nameof(MaxHttpHeaderBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(RelayBufferBytes, 1024, nameof(RelayBufferBytes));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, "must be positive");
        }
    }
}
