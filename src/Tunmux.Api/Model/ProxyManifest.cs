namespace Tunmux.Api.Model;

/// <summary><c>kind: Proxy</c>: SOCKS5 and HTTP listeners on the host that leave through a Tunnel.</summary>
public sealed record ProxyManifest : ManifestObject
{
    public const string KindName = "Proxy";

    public override string Kind => KindName;

    public required ProxySpec Spec { get; init; }
}

public sealed record ProxySpec
{
    public required string TunnelRef { get; init; }

    /// <summary>SOCKS5 listener; null means the default (127.0.0.1, first free port from 1080).</summary>
    public ListenerSpec? Socks { get; init; }

    /// <summary>HTTP listener; null means the default (127.0.0.1, first free port from 8118).</summary>
    public ListenerSpec? Http { get; init; }

    public bool AccessLog { get; init; }

    /// <summary>Listening beyond loopback exposes the exit to the network: it must be asked for.</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>Username/password for SOCKS5 (RFC 1929) and HTTP Basic; off when null.</summary>
    public ProxyAuthSpec? Auth { get; init; }

    /// <summary>Connect, handshake and idle limits; each falls back to the engine's safe default.</summary>
    public ProxyTimeoutsSpec? Timeouts { get; init; }

    /// <summary>Connections beyond this are closed at once; null keeps the engine's default (1024).</summary>
    public int? MaxConnections { get; init; }

    /// <summary>
    /// In a Kubernetes cluster: the node labels a node must carry to run this proxy, on top of running
    /// its tunnel; empty means every node that runs the tunnel. A plain host ignores it.
    /// </summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();
}

/// <summary>Proxy credentials, by file only: one line "username:password", mode 0600.</summary>
public sealed record ProxyAuthSpec
{
    public string? CredentialsFile { get; init; }
}

public sealed record ProxyTimeoutsSpec
{
    public TimeSpan? Connect { get; init; }

    public TimeSpan? Handshake { get; init; }

    public TimeSpan? Idle { get; init; }
}

public sealed record ListenerSpec
{
    public bool Enabled { get; init; } = true;

    /// <summary>"ADDRESS:PORT", "[V6]:PORT", or "ADDRESS" alone for an automatic port.</summary>
    public string? Listen { get; init; }
}
