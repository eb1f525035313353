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
}

public sealed record ListenerSpec
{
    public bool Enabled { get; init; } = true;

    /// <summary>"ADDRESS:PORT", "[V6]:PORT", or "ADDRESS" alone for an automatic port.</summary>
    public string? Listen { get; init; }
}
